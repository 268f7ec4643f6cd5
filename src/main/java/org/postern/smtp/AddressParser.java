package org.postern.smtp;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Parses the addresses of RFC 5321 section 4.1.2: MAIL/RCPT paths and EHLO/HELO arguments.
 * Pure syntax, no policy.
 *
 * <p>The rules, in short: a local part is a strict dot-atom or a quoted string; {@code %} and
 * {@code !} are ordinary characters and are never rewritten; exactly one unquoted {@code @};
 * a source route ({@code @a,@b:}) is checked and dropped; address literals are strict dotted-quad
 * IPv4 (no leading zeros) or {@code IPv6:} followed by RFC 5321 IPv6 text (no zone id); general
 * literals are refused; a domain may not end in a dot. Non-ASCII is allowed only when the caller
 * says SMTPUTF8 is in use; such an address is flagged so the caller can insist on the parameter.
 */
public final class AddressParser {

    /** RFC 5321 section 4.5.3.1: local part at most 64 octets, domain 255, path 256. */
    static final int MAX_LOCAL_PART = 64;
    static final int MAX_DOMAIN = 255;
    static final int MAX_PATH = 256;

    private AddressParser() {
    }

    /** Why an address was refused. */
    public static final class InvalidAddressException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidAddressException(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * Parses the text between the angle brackets of a path, source route allowed.
     *
     * @param path the path without brackets; empty means the null path
     * @param allowUtf8 whether non-ASCII characters may appear (the caller decides whether the
     *     SMTPUTF8 parameter must then be present, see {@link MailAddress#utf8()})
     * @param allowPostmaster whether the unqualified {@code postmaster} is allowed (RCPT only)
     * @return the mailbox; never null (the null path is the caller's business)
     */
    public static MailAddress parsePath(String path, boolean allowUtf8, boolean allowPostmaster)
            throws InvalidAddressException {
        if (path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH) {
            throw new InvalidAddressException("path longer than " + MAX_PATH + " octets");
        }
        String mailbox = stripSourceRoute(path);
        if (allowPostmaster && mailbox.equalsIgnoreCase("postmaster")) {
            return MailAddress.POSTMASTER;
        }
        MailAddress address = parseMailbox(mailbox, allowUtf8);
        // U-labels grow when they become A-labels: the limit also holds for the form that goes
        // into the envelope and to the next hop (found by CommandParserFuzzTest)
        if (address.toString().getBytes(StandardCharsets.UTF_8).length > MAX_PATH) {
            throw new InvalidAddressException("path longer than " + MAX_PATH
                    + " octets once its domain is in A-labels");
        }
        return address;
    }

    /** Parses {@code local-part "@" (domain / address-literal)}. */
    public static MailAddress parseMailbox(String text, boolean allowUtf8)
            throws InvalidAddressException {
        int at = endOfLocalPart(text, allowUtf8);
        String local = text.substring(0, at);
        if (at >= text.length() || text.charAt(at) != '@') {
            throw new InvalidAddressException("no domain");
        }
        if (local.getBytes(StandardCharsets.UTF_8).length > MAX_LOCAL_PART) {
            throw new InvalidAddressException("local part longer than " + MAX_LOCAL_PART);
        }
        String rest = text.substring(at + 1);
        boolean literal = rest.startsWith("[");
        String domain = literal ? parseAddressLiteral(rest) : parseDomain(rest, allowUtf8, false);
        boolean utf8 = !isAscii(local) || !isAscii(rest);
        return new MailAddress(local, domain, literal, utf8);
    }

    /**
     * Parses an EHLO/HELO argument: a domain or an address literal. Underscores are tolerated in
     * labels because Windows host names carry them and Exchange accepts such greetings.
     *
     * @return the normalised name (lower-case domain, or the literal with brackets)
     */
    public static String parseHeloName(String text) throws InvalidAddressException {
        if (text.startsWith("[")) {
            return parseAddressLiteral(text);
        }
        return parseDomain(text, false, true);
    }

    /** Drops {@code @a,@b:} after checking every hop is a well-formed domain. */
    private static String stripSourceRoute(String path) throws InvalidAddressException {
        if (!path.startsWith("@")) {
            return path;
        }
        int colon = path.indexOf(':');
        if (colon < 0) {
            throw new InvalidAddressException("source route without ':'");
        }
        for (String hop : path.substring(0, colon).split(",", -1)) {
            if (!hop.startsWith("@")) {
                throw new InvalidAddressException("source route hop without '@'");
            }
            String d = hop.substring(1);
            if (d.startsWith("[")) {
                parseAddressLiteral(d);
            } else {
                parseDomain(d, false, false);
            }
        }
        return path.substring(colon + 1);
    }

    /** Returns the index just past a valid local part (dot-atom or quoted string). */
    private static int endOfLocalPart(String s, boolean allowUtf8) throws InvalidAddressException {
        if (s.startsWith("\"")) {
            int i = 1;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '"') {
                    if (i == 1) {
                        throw new InvalidAddressException("empty quoted local part");
                    }
                    return i + 1;
                }
                if (c == '\\') {
                    // quoted-pairSMTP = %d92 %d32-126
                    if (i + 1 >= s.length() || s.charAt(i + 1) < 32 || s.charAt(i + 1) > 126) {
                        throw new InvalidAddressException("bad quoted pair");
                    }
                    i += 2;
                    continue;
                }
                // qtextSMTP = %d32-33 / %d35-91 / %d93-126, plus UTF-8 under SMTPUTF8
                boolean ok = (c >= 32 && c <= 126) || (allowUtf8 && c > 127);
                if (!ok) {
                    throw new InvalidAddressException("bad character in quoted local part");
                }
                i++;
            }
            throw new InvalidAddressException("unterminated quoted local part");
        }
        int i = 0;
        boolean atomStart = true;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '.') {
                if (atomStart) {
                    throw new InvalidAddressException("empty atom in local part");
                }
                atomStart = true;
            } else if (isAtext(c) || (allowUtf8 && c > 127)) {
                atomStart = false;
            } else {
                break;
            }
            i++;
        }
        if (i == 0 || atomStart) {
            throw new InvalidAddressException("empty local part or trailing dot");
        }
        return i;
    }

    /** RFC 5322 atext. */
    static boolean isAtext(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0;
    }

    /**
     * Checks a domain and returns it lower-case, with U-labels converted to A-labels.
     *
     * @param underscore tolerate {@code _} in labels (EHLO/HELO only)
     */
    static String parseDomain(String d, boolean allowUtf8, boolean underscore)
            throws InvalidAddressException {
        if (d.isEmpty()) {
            throw new InvalidAddressException("empty domain");
        }
        String[] labels = d.split("\\.", -1);
        StringBuilder out = new StringBuilder(d.length());
        for (String label : labels) {
            String ascii = label;
            if (!isAscii(label)) {
                if (!allowUtf8) {
                    throw new InvalidAddressException("non-ASCII domain without SMTPUTF8");
                }
                try {
                    ascii = IDN.toASCII(label, IDN.USE_STD3_ASCII_RULES);
                } catch (IllegalArgumentException e) {
                    throw new InvalidAddressException("bad internationalised label");
                }
            }
            checkLabel(ascii, underscore);
            if (out.length() > 0) {
                out.append('.');
            }
            out.append(ascii.toLowerCase(Locale.ROOT));
        }
        if (out.length() > MAX_DOMAIN) {
            throw new InvalidAddressException("domain longer than " + MAX_DOMAIN);
        }
        return out.toString();
    }

    /** sub-domain = Let-dig [Ldh-str]; at most 63 octets. */
    private static void checkLabel(String label, boolean underscore)
            throws InvalidAddressException {
        if (label.isEmpty() || label.length() > 63) {
            throw new InvalidAddressException("empty or overlong domain label");
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            boolean letDig = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9') || (underscore && c == '_');
            boolean edge = i == 0 || i == label.length() - 1;
            if (!letDig && (c != '-' || edge)) {
                throw new InvalidAddressException("bad character in domain label");
            }
        }
    }

    /** Parses {@code [a.b.c.d]} or {@code [IPv6:...]}; returns the normalised literal. */
    static String parseAddressLiteral(String s) throws InvalidAddressException {
        if (!s.startsWith("[") || !s.endsWith("]") || s.length() < 3) {
            throw new InvalidAddressException("malformed address literal");
        }
        String inner = s.substring(1, s.length() - 1);
        if (inner.regionMatches(true, 0, "IPv6:", 0, 5)) {
            String v6 = inner.substring(5);
            if (!isIpv6(v6)) {
                throw new InvalidAddressException("bad IPv6 address literal");
            }
            return "[IPv6:" + v6.toLowerCase(Locale.ROOT) + "]";
        }
        if (!isIpv4(inner)) {
            throw new InvalidAddressException("bad or unsupported address literal");
        }
        return "[" + inner + "]";
    }

    /** Strict dotted quad: four decimal octets, no leading zeros, each at most 255. */
    static boolean isIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
                return false;
            }
            for (int i = 0; i < p.length(); i++) {
                if (p.charAt(i) < '0' || p.charAt(i) > '9') {
                    return false;
                }
            }
            if (Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    /**
     * IPv6-addr of RFC 5321 section 4.1.3: full, compressed ("::" stands for at least two
     * groups, at most six groups besides it), and both with a dotted-quad tail.
     */
    static boolean isIpv6(String s) {
        int groupsForV4 = 0;
        String hex = s;
        int lastColon = s.lastIndexOf(':');
        if (lastColon >= 0 && s.indexOf('.', lastColon) > 0) {
            if (!isIpv4(s.substring(lastColon + 1))) {
                return false;
            }
            groupsForV4 = 2;
            // keep the colon before the tail only when it is half of a "::"
            hex = s.substring(0, lastColon + 1);
            if (!hex.endsWith("::")) {
                hex = hex.substring(0, hex.length() - 1);
            }
        }
        int dc = hex.indexOf("::");
        if (dc >= 0) {
            if (hex.indexOf("::", dc + 1) >= 0) {
                return false;
            }
            int left = countGroups(hex.substring(0, dc));
            int right = countGroups(hex.substring(dc + 2));
            if (left < 0 || right < 0) {
                return false;
            }
            return left + right + groupsForV4 <= 6;
        }
        int n = countGroups(hex);
        return n >= 0 && n + groupsForV4 == 8;
    }

    /** Number of colon-separated 1-4 digit hex groups, or -1 if malformed ("" counts as 0). */
    private static int countGroups(String s) {
        if (s.isEmpty()) {
            return 0;
        }
        String[] groups = s.split(":", -1);
        for (String g : groups) {
            if (g.isEmpty() || g.length() > 4) {
                return -1;
            }
            for (int i = 0; i < g.length(); i++) {
                char c = g.charAt(i);
                // ASCII hex only (found by CommandParserFuzzTest: Character.digit takes the
                // digits of every script, so "[IPv6:e::2\u07c0]" passed)
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                    return -1;
                }
            }
        }
        return groups.length;
    }

    static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 127) {
                return false;
            }
        }
        return true;
    }
}
