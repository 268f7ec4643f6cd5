package org.postern.manage;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A point in time as the shell shows it in the en-US culture Exchange samples use:
 * {@code 12/3/2026 8:30:00 PM}, in the server's time zone (or UTC for the *UTC properties).
 */
public record ShellDateTime(Instant instant, ZoneId zone) implements Comparable<ShellDateTime> {

    private static final DateTimeFormatter EN_US =
            DateTimeFormatter.ofPattern("M/d/yyyy h:mm:ss a", Locale.US);

    @Override
    public int compareTo(ShellDateTime o) {
        return instant.compareTo(o.instant);
    }

    @Override
    public String toString() {
        return EN_US.format(instant.atZone(zone));
    }
}
