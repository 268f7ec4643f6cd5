package org.postern.shell;

import java.util.Arrays;

/**
 * System.Security.SecureString as the shell sees one: text that is never shown. It prints as its
 * type name, has only a Length, and converts to no other type; the cmdlets that take one
 * (Set-Mailbox -Password ...) read it with {@link #copy}. Made by ConvertTo-SecureString.
 */
public final class SecureString {

    private final char[] chars;

    public SecureString(char[] chars) {
        this.chars = chars.clone();
    }

    /** A copy of the characters; the caller should clear it when done. */
    public char[] copy() {
        return chars.clone();
    }

    public int length() {
        return chars.length;
    }

    /** Clears the characters (what Dispose() does). */
    public void dispose() {
        Arrays.fill(chars, '\0');
    }

    @Override
    public String toString() {
        return "System.Security.SecureString";
    }
}
