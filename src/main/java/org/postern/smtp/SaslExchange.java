package org.postern.smtp;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/**
 * The client side of one AUTH exchange as the server reads it (RFC 4954): the mechanisms Postern
 * offers, LOGIN (the username and password challenges Exchange sends) and PLAIN (RFC 4616, with
 * or without the initial response), each response base64-decoded. Pure: it turns lines into the
 * next challenge, the credentials to check, or the reply that ends the exchange.
 */
final class SaslExchange {

    /** The SASL mechanisms Postern implements, in the order EHLO lists them. */
    enum Mechanism { LOGIN, PLAIN }

    /** "Username:" and "Password:" in base64, the challenges of AUTH LOGIN. */
    static final String USERNAME_CHALLENGE = "VXNlcm5hbWU6";
    static final String PASSWORD_CHALLENGE = "UGFzc3dvcmQ6";

    /**
     * What the client gave: {@code authzid} is empty unless PLAIN named an identity to act as.
     * The password is a char array so the checker can clear it.
     */
    record Credentials(String authzid, String login, char[] password) {
        void clear() {
            Arrays.fill(password, '\0');
        }

        @Override
        public String toString() {
            return "Credentials[" + login + "]";
        }
    }

    /**
     * One step: a challenge to send (334), the credentials to check, or the reply that ends the
     * exchange without a check (cancelled, undecodable). Exactly one is set.
     */
    record Step(String challenge, Credentials credentials, Reply refusal) {
        static Step challenge(String text) {
            return new Step(text, null, null);
        }

        static Step check(Credentials c) {
            return new Step(null, c, null);
        }

        static Step refuse(Reply r) {
            return new Step(null, null, r);
        }
    }

    private final Mechanism mechanism;
    /** LOGIN: the user name once given. */
    private String login;

    private SaslExchange(Mechanism mechanism) {
        this.mechanism = mechanism;
    }

    /** The mechanism named in {@code AUTH name}, or null when Postern has no such mechanism. */
    static Mechanism mechanism(String name) {
        try {
            return Mechanism.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    Mechanism mechanismUsed() {
        return mechanism;
    }

    /** Starts an exchange; its {@link #first} step is what to answer. */
    static SaslExchange start(Mechanism m) {
        return new SaslExchange(m);
    }

    /**
     * The first step, from the initial response after the mechanism name (null when the client
     * gave none; {@code =} stands for an empty one).
     */
    Step first(String initial) {
        if (initial == null) {
            return Step.challenge(mechanism == Mechanism.LOGIN ? USERNAME_CHALLENGE : "");
        }
        return respond(initial);
    }

    /** The next step from one client response line. */
    Step respond(String line) {
        if (line.equals("*")) {
            return Step.refuse(Replies.AUTH_CANCELLED);
        }
        byte[] decoded = decode(line);
        if (decoded == null) {
            return Step.refuse(Replies.AUTH_BAD_BASE64);
        }
        try {
            if (mechanism == Mechanism.PLAIN) {
                return Step.check(plain(decoded));
            }
            if (login == null) {
                String name = utf8(decoded);
                login = name == null ? "" : name;
                return Step.challenge(PASSWORD_CHALLENGE);
            }
            char[] password = utf8Chars(decoded);
            return Step.check(new Credentials("", login, password == null ? new char[0]
                    : password));
        } finally {
            Arrays.fill(decoded, (byte) 0);
        }
    }

    /**
     * RFC 4616: {@code authzid NUL authcid NUL passwd}. A response in another shape, or not in
     * UTF-8, is a failed login (empty credentials), so it counts toward MaxLogonFailures like
     * any wrong password.
     */
    private static Credentials plain(byte[] b) {
        int first = indexOf(b, 0);
        int second = first < 0 ? -1 : indexOf(b, first + 1);
        if (first < 0 || second < 0 || indexOf(b, second + 1) >= 0) {
            return new Credentials("", "", new char[0]);
        }
        String authzid = utf8(Arrays.copyOfRange(b, 0, first));
        String authcid = utf8(Arrays.copyOfRange(b, first + 1, second));
        byte[] pw = Arrays.copyOfRange(b, second + 1, b.length);
        char[] password = utf8Chars(pw);
        Arrays.fill(pw, (byte) 0);
        if (authzid == null || authcid == null || password == null) {
            return new Credentials("", "", new char[0]);
        }
        return new Credentials(authzid, authcid, password);
    }

    private static int indexOf(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Strict base64 (RFC 4648 alphabet, padding optional), or null; {@code =} (the empty
     * initial response) and an empty line are empty.
     */
    static byte[] decode(String line) {
        if (line.equals("=") || line.isEmpty()) {
            return new byte[0];
        }
        try {
            return Base64.getDecoder().decode(line);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String utf8(byte[] b) {
        char[] c = utf8Chars(b);
        return c == null ? null : new String(c);
    }

    private static char[] utf8Chars(byte[] b) {
        try {
            CharBuffer cb = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b));
            char[] out = new char[cb.remaining()];
            cb.get(out);
            if (cb.hasArray()) {
                Arrays.fill(cb.array(), '\0');
            }
            return out;
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
