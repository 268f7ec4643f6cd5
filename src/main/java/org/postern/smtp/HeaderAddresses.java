package org.postern.smtp;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the addresses of an address header field (From, Sender) of RFC 5322 well enough for the
 * Send-As check: display names, quoted strings and comments are skipped, {@code <addr-spec>} is
 * taken where present, else the bare addr-spec. Lenient on purpose: whatever it cannot read as
 * an address comes back as text, which matches none of the user's addresses, so the check refuses
 * rather than lets an unreadable field through.
 */
final class HeaderAddresses {

    private HeaderAddresses() {
    }

    /** The unfolded values of every field called {@code name} (any case) in a header block. */
    static List<String> fieldValues(String headerBlock, String name) {
        List<String> out = new ArrayList<>();
        StringBuilder current = null;
        for (String line : headerBlock.split("\r?\n", -1)) {
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
                if (current != null) {
                    current.append(line);
                }
                continue;
            }
            if (current != null) {
                out.add(current.toString().strip());
                current = null;
            }
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase(name)) {
                current = new StringBuilder(line.substring(colon + 1));
            }
        }
        if (current != null) {
            out.add(current.toString().strip());
        }
        return out;
    }

    /**
     * The addresses of an address-list value, e.g. {@code "Kim, A." <kim@contoso.com>,
     * pat@contoso.com (Pat)}. Group names ({@code team: a@b, c@d;}) are dropped.
     */
    static List<String> addresses(String value) {
        List<String> out = new ArrayList<>();
        StringBuilder plain = new StringBuilder();
        StringBuilder angle = null;
        String angled = null;
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c == '"' && angle == null) {
                i = skipQuoted(value, i);
                plain.append(' ');
                continue;
            }
            if (c == '(' && angle == null) {
                i = skipComment(value, i);
                plain.append(' ');
                continue;
            }
            if (c == '<' && angle == null) {
                angle = new StringBuilder();
            } else if (c == '>' && angle != null) {
                angled = angle.toString();
                angle = null;
            } else if (angle != null) {
                angle.append(c);
            } else if (c == ',' || c == ';') {
                add(out, angled, plain);
                angled = null;
                plain.setLength(0);
            } else if (c == ':') {
                plain.setLength(0); // a group's display name
            } else {
                plain.append(c);
            }
            i++;
        }
        if (angle != null) {
            angled = angle.toString();
        }
        add(out, angled, plain);
        return out;
    }

    private static void add(List<String> out, String angled, StringBuilder plain) {
        String a = angled != null ? angled.strip() : plain.toString().strip();
        if (!a.isEmpty()) {
            out.add(a);
        }
    }

    private static int skipQuoted(String s, int i) {
        i++;
        while (i < s.length() && s.charAt(i) != '"') {
            i += s.charAt(i) == '\\' ? 2 : 1;
        }
        return i + 1;
    }

    private static int skipComment(String s, int i) {
        int depth = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i + 1;
            }
            i++;
        }
        return i;
    }
}
