package org.postern.smtp;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Text formats the session writes: dates, IP addresses, time spans, folded headers, log values. */
final class Formats {

    /** RFC 5322 date-time, also Exchange's banner date: {@code Fri, 5 Aug 2016 16:24:41 -0700}. */
    private static final DateTimeFormatter RFC5322 =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss xx", Locale.ENGLISH);

    /** Header lines are folded to stay within this many characters (RFC 5322 section 2.1.1). */
    private static final int FOLD_AT = 78;

    private Formats() {
    }

    static String rfc5322(ZonedDateTime t) {
        return RFC5322.format(t);
    }

    /**
     * The text of an address as Exchange prints it in {@code Hello [ip]}: dotted quad, or
     * RFC 5952 compressed IPv6 without a zone. An IPv4-mapped IPv6 address is shown as IPv4.
     */
    static String ip(InetAddress a) {
        if (a instanceof Inet6Address) {
            byte[] b = a.getAddress();
            if (isMappedV4(b)) {
                try {
                    return InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16))
                            .getHostAddress();
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
            return compressV6(b);
        }
        return a instanceof Inet4Address ? a.getHostAddress() : String.valueOf(a);
    }

    private static boolean isMappedV4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    /** RFC 5952: lower-case, no leading zeros, the longest run of two or more zero groups as ::. */
    static String compressV6(byte[] b) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    /** A .NET-style time span {@code d.hh:mm:ss} as Exchange logs it ({@code 0.00:00:05}). */
    static String timeSpan(Duration d) {
        long s = d.getSeconds();
        String text = String.format(Locale.ROOT, "%d.%02d:%02d:%02d",
                s / 86400, (s / 3600) % 24, (s / 60) % 60, s % 60);
        if (d.getNano() != 0) {
            text += String.format(Locale.ROOT, ".%07d", d.getNano() / 100);
        }
        return text;
    }

    /**
     * Folds a header field at spaces so no line is longer than 78 characters where a space
     * allows it; returns the field with CRLF after every line.
     */
    static String fold(String field) {
        StringBuilder out = new StringBuilder(field.length() + 8);
        int lineLength = 0;
        for (String word : field.split(" ")) {
            if (lineLength > 0 && lineLength + 1 + word.length() > FOLD_AT) {
                out.append("\r\n ");
                lineLength = 1;
            } else if (lineLength > 0) {
                out.append(' ');
                lineLength++;
            }
            out.append(word);
            lineLength += word.length();
        }
        return out.append("\r\n").toString();
    }

    /** Control characters and backslash as escapes, so a logged line cannot break a log row. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                sb.append("\\\\");
            } else if (c < ' ' || c == 127) {
                sb.append(String.format(Locale.ROOT, "\\x%02X", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
