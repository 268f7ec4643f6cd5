package org.postern.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A size in bytes, printed as Exchange's ByteQuantifiedSize: {@code 36 MB (37,748,736 bytes)}.
 * Parsed from a number of bytes or a number with a unit: {@code 36MB}, {@code "256 KB"},
 * {@code 10GB}.
 */
public final class ByteSize implements Comparable<ByteSize> {

    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB"};
    private static final Pattern TEXT =
            Pattern.compile("(?i)\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(B|KB|MB|GB|TB)?"
                    + "\\s*(?:\\(.*\\))?\\s*");

    private final long bytes;

    private ByteSize(long bytes) {
        this.bytes = bytes;
    }

    public static ByteSize ofBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("A size can't be negative: " + bytes);
        }
        return new ByteSize(bytes);
    }

    public static ByteSize ofKilobytes(long kb) {
        return ofBytes(kb * 1024);
    }

    public static ByteSize ofMegabytes(long mb) {
        return ofBytes(mb * 1024 * 1024);
    }

    /**
     * Parses {@code 37748736}, {@code 36MB}, {@code 36 MB}, {@code 0.5GB} or the printed form
     * {@code 36 MB (37,748,736 bytes)}.
     *
     * @throws IllegalArgumentException naming the value when it is not a size
     */
    public static ByteSize parse(String value) {
        Matcher m = TEXT.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException("The value \"" + value
                    + "\" isn't a valid size. Use a number of bytes or a number with B, KB, MB, GB"
                    + " or TB, for example 36MB.");
        }
        BigDecimal number = new BigDecimal(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        int power = 0;
        while (!UNITS[power].equals(unit)) {
            power++;
        }
        BigDecimal bytes = number.multiply(BigDecimal.valueOf(1024).pow(power));
        try {
            return ofBytes(bytes.setScale(0, RoundingMode.DOWN).longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("The value \"" + value + "\" is too large.");
        }
    }

    public long bytes() {
        return bytes;
    }

    @Override
    public int compareTo(ByteSize o) {
        return Long.compare(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteSize && ((ByteSize) o).bytes == bytes;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(bytes);
    }

    /** {@code 36 MB (37,748,736 bytes)}: the largest whole unit, one decimal at most. */
    @Override
    public String toString() {
        int power = 0;
        while (power < UNITS.length - 1 && bytes >= Math.pow(1024, power + 1)) {
            power++;
        }
        BigDecimal scaled = BigDecimal.valueOf(bytes)
                .divide(BigDecimal.valueOf(1024).pow(power), 1, RoundingMode.HALF_UP)
                .stripTrailingZeros();
        DecimalFormat grouped =
                new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.US));
        return scaled.toPlainString() + " " + UNITS[power] + " (" + grouped.format(bytes)
                + " bytes)";
    }
}
