package org.postern.smtp;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;
import org.postern.queue.HeaderFields.Field;

/**
 * Sender resolution (exchange-behaviour.md section j): for a message accepted as Internal,
 * Exchange treats the sender as the directory object that owns the From address and shows its
 * display name. Postern writes that into the From field: {@code From: "Display Name" <address>},
 * the address exactly as the client wrote it. Only a From field that holds a single mailbox
 * ({@code address}, {@code <address>}, {@code Name <address>}, {@code address (comment)}) is
 * resolved; a list, a group, an address with quotes or control characters, or one that no mailbox
 * owns, stays as it is. Pure: the mailbox look-up comes in as a function.
 */
final class SenderResolution {

    private SenderResolution() {
    }

    /**
     * The From field with the owner's display name, or empty when it stays as it is.
     *
     * @param from a field named From
     * @param displayName the display name of the mailbox that owns an address, if one does
     */
    static Optional<Field> resolve(Field from, Function<String, Optional<String>> displayName) {
        String address = singleAddress(from.value());
        if (address == null) {
            return Optional.empty();
        }
        Optional<String> name = displayName.apply(address);
        if (name.isEmpty() || name.get().isBlank()) {
            return Optional.empty();
        }
        String text = "From: " + phrase(name.get()) + " <" + address + ">\r\n";
        return Optional.of(new Field("From", text.getBytes(StandardCharsets.US_ASCII)));
    }

    /** The one address of a From value, or null when it is not a single plain mailbox. */
    static String singleAddress(String value) {
        String v = value.strip();
        int lt = v.indexOf('<');
        String addr;
        if (lt >= 0) {
            int gt = v.indexOf('>', lt);
            if (gt < 0 || v.indexOf('<', lt + 1) >= 0 || v.indexOf('>', gt + 1) >= 0
                    || !v.substring(gt + 1).isBlank() || hasListSeparator(v.substring(0, lt))) {
                return null;
            }
            addr = v.substring(lt + 1, gt).strip();
        } else {
            int paren = v.indexOf('(');
            addr = (paren >= 0 ? v.substring(0, paren) : v).strip();
            if (paren >= 0 && !v.endsWith(")")) {
                return null;
            }
        }
        return plainAddress(addr) ? addr : null;
    }

    /** A comma or semicolon outside quotes: a list or a group, not a single mailbox. */
    private static boolean hasListSeparator(String phrase) {
        boolean quoted = false;
        for (int i = 0; i < phrase.length(); i++) {
            char c = phrase.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && quoted) {
                i++;
            } else if (!quoted && (c == ',' || c == ';' || c == ':')) {
                return true;
            }
        }
        return false;
    }

    /** local@domain of printable ASCII, one @, nothing that needs quoting or breaks a line. */
    private static boolean plainAddress(String a) {
        int at = a.indexOf('@');
        if (at <= 0 || at != a.lastIndexOf('@') || at == a.length() - 1) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            char c = a.charAt(i);
            if (c <= ' ' || c >= 127 || "\"(),:;<>[\\]".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * A display name as an RFC 5322 phrase: a quoted string when it is printable ASCII, else
     * RFC 2047 encoded words (UTF-8, base64, folded). Control characters become spaces, so a
     * display name can never end the field or start another.
     */
    static String phrase(String displayName) {
        StringBuilder clean = new StringBuilder();
        boolean ascii = true;
        for (int i = 0; i < displayName.length(); i++) {
            char c = displayName.charAt(i);
            if (c < ' ' || c == 127) {
                c = ' ';
            }
            ascii &= c < 127;
            clean.append(c);
        }
        String name = clean.toString().strip();
        if (ascii) {
            return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        return encodedWords(name);
    }

    /** RFC 2047 B encoding in words of at most 45 UTF-8 octets, split between characters. */
    private static String encodedWords(String name) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < name.length()) {
            int end = i;
            int octets = 0;
            while (end < name.length()) {
                int cp = name.codePointAt(end);
                int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
                if (octets + n > 45) {
                    break;
                }
                octets += n;
                end += Character.charCount(cp);
            }
            if (out.length() > 0) {
                out.append("\r\n ");
            }
            out.append("=?UTF-8?B?").append(Base64.getEncoder().encodeToString(
                    name.substring(i, end).getBytes(StandardCharsets.UTF_8))).append("?=");
            i = end;
        }
        return out.toString();
    }
}
