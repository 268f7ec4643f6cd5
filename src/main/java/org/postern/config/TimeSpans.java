package org.postern.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and prints .NET TimeSpan text ({@code 00:10:00}, {@code 1.00:00:00}) as Durations. */
public final class TimeSpans {

    private static final Pattern TEXT = Pattern.compile(
            "\\s*(?:(\\d+)\\.)?(\\d{1,2}):(\\d{1,2}):(\\d{1,2})(?:\\.(\\d{1,7}))?\\s*");

    private TimeSpans() {
    }

    /**
     * Parses {@code [d.]hh:mm:ss[.fffffff]}.
     *
     * @throws IllegalArgumentException naming the value when it is not a time span
     */
    public static Duration parse(String value) {
        Matcher m = TEXT.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException("The value \"" + value
                    + "\" isn't a valid time span. Use [d.]hh:mm:ss, for example 00:10:00.");
        }
        long days = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
        int hours = Integer.parseInt(m.group(2));
        int minutes = Integer.parseInt(m.group(3));
        int seconds = Integer.parseInt(m.group(4));
        if (hours > 23 || minutes > 59 || seconds > 59) {
            throw new IllegalArgumentException("The value \"" + value
                    + "\" isn't a valid time span: hours run to 23, minutes and seconds to 59.");
        }
        Duration d = Duration.ofDays(days).plusHours(hours).plusMinutes(minutes)
                .plusSeconds(seconds);
        if (m.group(5) != null) {
            String ticks = (m.group(5) + "0000000").substring(0, 7);
            d = d.plusNanos(Long.parseLong(ticks) * 100);
        }
        return d;
    }

    /** {@code hh:mm:ss}, {@code d.hh:mm:ss} above a day, plus {@code .fffffff} for fractions. */
    public static String format(Duration d) {
        long total = d.getSeconds();
        String sign = "";
        if (d.isNegative()) {
            sign = "-";
            d = d.negated();
            total = d.getSeconds();
        }
        long days = total / 86400;
        long rest = total % 86400;
        String text = String.format("%02d:%02d:%02d", rest / 3600, rest % 3600 / 60, rest % 60);
        if (days > 0) {
            text = days + "." + text;
        }
        if (d.getNano() != 0) {
            text += String.format(".%07d", d.getNano() / 100);
        }
        return sign + text;
    }
}
