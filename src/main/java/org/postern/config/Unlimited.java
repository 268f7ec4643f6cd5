package org.postern.config;

import java.util.Locale;

/**
 * A limit that may be switched off: printed {@code Unlimited} or as the number, as Exchange's
 * {@code Unlimited<int>} values (MessageRateLimit, MaxInboundConnection, ...).
 */
public final class Unlimited {

    public static final Unlimited UNLIMITED = new Unlimited(-1);

    private final long value;

    private Unlimited(long value) {
        this.value = value;
    }

    public static Unlimited of(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("A limit can't be negative: " + value);
        }
        return new Unlimited(value);
    }

    /** Parses {@code unlimited} (any case) or a whole number. */
    public static Unlimited parse(String text) {
        String t = text.trim();
        if (t.toLowerCase(Locale.ROOT).equals("unlimited")) {
            return UNLIMITED;
        }
        try {
            return of(Long.parseLong(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The value \"" + text
                    + "\" isn't valid. Use a whole number or Unlimited.");
        }
    }

    public boolean isUnlimited() {
        return value < 0;
    }

    /** The limit; only meaningful when not unlimited. */
    public long value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Unlimited && ((Unlimited) o).value == value;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(value);
    }

    @Override
    public String toString() {
        return isUnlimited() ? "Unlimited" : Long.toString(value);
    }
}
