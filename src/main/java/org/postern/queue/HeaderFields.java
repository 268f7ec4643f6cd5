package org.postern.queue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The header section of a stored message as a list of fields (RFC 5322 section 2.2): each field
 * is its first line and every continuation line (one that starts with a space or a tab), kept
 * byte for byte with their line ends. Receive (the header firewall) and delivery (what leaves
 * the organisation) both read the stored form through this class, so they agree on what a field
 * is: names are compared without regard to case, and a folded field is one field.
 */
public final class HeaderFields {

    private HeaderFields() {
    }

    /**
     * One header field.
     *
     * @param name the field name as written (before the colon), or "" for continuation lines
     *     that have no field before them
     * @param raw the field's octets, all its lines with their line ends
     */
    public record Field(String name, byte[] raw) {

        /** Whether this field is named {@code other}, ignoring case. */
        public boolean is(String other) {
            return name.equalsIgnoreCase(other);
        }

        /** The value: everything after the colon, unfolded (line ends removed), trimmed. */
        public String value() {
            String text = new String(raw, StandardCharsets.ISO_8859_1);
            int colon = text.indexOf(':');
            String v = colon < 0 ? text : text.substring(colon + 1);
            return v.replaceAll("\r?\n", "").strip();
        }
    }

    /** The classes of fields the header firewall removes (exchange-behaviour.md section j). */
    public enum HeaderClass {
        /** {@code Received:} and the {@code Resent-*} fields (ms-Exch-Accept-Headers-Routing). */
        ROUTING,
        /** {@code X-MS-Exchange-Organization-*} (ms-Exch-Accept-Headers-Organization). */
        ORGANIZATION,
        /** {@code X-MS-Exchange-Forest-*} (ms-Exch-Accept-Headers-Forest). */
        FOREST
    }

    private static final List<String> ROUTING_NAMES = List.of("received", "resent-date",
            "resent-from", "resent-sender", "resent-to", "resent-cc", "resent-bcc",
            "resent-message-id");
    public static final String ORGANIZATION_PREFIX = "X-MS-Exchange-Organization-";
    public static final String FOREST_PREFIX = "X-MS-Exchange-Forest-";

    /** The firewall class of a field name, or null when the firewall leaves it alone. */
    public static HeaderClass classify(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (ROUTING_NAMES.contains(n)) {
            return HeaderClass.ROUTING;
        }
        if (n.startsWith(ORGANIZATION_PREFIX.toLowerCase(Locale.ROOT))) {
            return HeaderClass.ORGANIZATION;
        }
        if (n.startsWith(FOREST_PREFIX.toLowerCase(Locale.ROOT))) {
            return HeaderClass.FOREST;
        }
        return null;
    }

    /**
     * Splits a header section (without the empty line that ends it) into fields. A line that is
     * neither a continuation nor has a colon after a name of printable characters is kept as a
     * field of its own with the name "" (the session never stores such a line in the header
     * section; this keeps the split lossless all the same).
     */
    public static List<Field> parse(byte[] block, int length) {
        List<Field> fields = new ArrayList<>();
        int start = 0;
        String name = null;
        int fieldStart = 0;
        while (start < length) {
            int lf = start;
            while (lf < length && block[lf] != '\n') {
                lf++;
            }
            int end = Math.min(lf + 1, length);
            boolean continuation = block[start] == ' ' || block[start] == '\t';
            if (!continuation || name == null) {
                if (name != null) {
                    fields.add(field(name, block, fieldStart, start));
                }
                name = nameOf(block, start, end);
                fieldStart = start;
            }
            start = end;
        }
        if (name != null) {
            fields.add(field(name, block, fieldStart, length));
        }
        return fields;
    }

    private static Field field(String name, byte[] block, int from, int to) {
        byte[] raw = new byte[to - from];
        System.arraycopy(block, from, raw, 0, raw.length);
        return new Field(name, raw);
    }

    /**
     * The field name of the line {@code b[start, end)}: the text before the colon, or "" when
     * the line does not start a field (a continuation, or no colon after printable characters).
     */
    public static String nameOf(byte[] b, int start, int end) {
        for (int i = start; i < end; i++) {
            byte c = b[i];
            if (c == ':') {
                return new String(b, start, i - start, StandardCharsets.ISO_8859_1);
            }
            if (c <= ' ' || c >= 127) {
                return "";
            }
        }
        return "";
    }

    /** The fields written one after another. */
    public static byte[] join(List<Field> fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Field f : fields) {
            out.writeBytes(f.raw());
        }
        return out.toByteArray();
    }

    /** How many fields are named {@code name} (folded fields count once). */
    public static int count(List<Field> fields, String name) {
        int n = 0;
        for (Field f : fields) {
            if (f.is(name)) {
                n++;
            }
        }
        return n;
    }
}
