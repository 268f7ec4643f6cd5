package org.postern.config;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * A mailbox password as Postern stores it: an Argon2id hash with its own random salt, in the
 * encoded form the reference implementation prints,
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} (salt and hash in base64 without
 * padding). The clear password is never kept; {@link #verify} recomputes the hash with the stored
 * parameters and compares in constant time.
 *
 * <p>Parameters for new hashes: 19 MiB of memory, 2 passes, 1 lane. That is the first of the
 * equivalent Argon2id settings OWASP's password storage guidance lists: memory makes each guess
 * expensive on GPUs, and at about 19 MiB a verification takes about 50 ms on an idle
 * core here, which two verifications at a time (see the SMTP session's authentication executor)
 * can afford. Stored hashes keep the parameters they were made with, so raising these later
 * needs no migration: a password set again gets the new ones.
 */
public final class PasswordHash {

    /** Memory in KiB (19 MiB). */
    static final int MEMORY_KIB = 19 * 1024;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    /**
     * Bounds for stored hashes (a restored configuration may hold others): enough for any sane
     * choice (OWASP's largest suggestion is 46 MiB), small enough that a bad file cannot make two
     * logins at a time take seconds or exhaust the heap.
     */
    private static final int MAX_MEMORY_KIB = 256 * 1024;
    private static final int MAX_ITERATIONS = 16;
    private static final int MAX_PARALLELISM = 16;

    private static final Pattern ENCODED = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=([0-9]{1,8}),t=([0-9]{1,3}),p=([0-9]{1,3})"
                    + "\\$([A-Za-z0-9+/]{11,})\\$([A-Za-z0-9+/]{22,})");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODE = Base64.getDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String encoded;
    private final int memory;
    private final int iterations;
    private final int parallelism;
    private final byte[] salt;
    private final byte[] hash;

    private PasswordHash(String encoded, int memory, int iterations, int parallelism,
            byte[] salt, byte[] hash) {
        this.encoded = encoded;
        this.memory = memory;
        this.iterations = iterations;
        this.parallelism = parallelism;
        this.salt = salt;
        this.hash = hash;
    }

    /** Hashes a new password with a fresh salt and the current parameters. */
    public static PasswordHash of(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = compute(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
        String text = "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
        return new PasswordHash(text, MEMORY_KIB, ITERATIONS, PARALLELISM, salt, hash);
    }

    /**
     * Reads a stored hash.
     *
     * @throws IllegalArgumentException naming what is wrong (never echoing the value: it is a
     *     credential)
     */
    public static PasswordHash parse(String encoded) {
        Matcher m = ENCODED.matcher(encoded == null ? "" : encoded);
        if (!m.matches()) {
            throw new IllegalArgumentException("the password hash isn't an Argon2id hash in the"
                    + " form $argon2id$v=19$m=MEMORY,t=PASSES,p=LANES$SALT$HASH");
        }
        int memory = Integer.parseInt(m.group(1));
        int iterations = Integer.parseInt(m.group(2));
        int parallelism = Integer.parseInt(m.group(3));
        if (parallelism < 1 || parallelism > MAX_PARALLELISM || iterations < 1
                || iterations > MAX_ITERATIONS || memory < 8 * parallelism
                || memory > MAX_MEMORY_KIB) {
            throw new IllegalArgumentException("the password hash's parameters are out of range"
                    + " (m 8*p to " + MAX_MEMORY_KIB + " KiB, t 1 to " + MAX_ITERATIONS
                    + ", p 1 to " + MAX_PARALLELISM + ")");
        }
        byte[] salt;
        byte[] hash;
        try {
            salt = B64_DECODE.decode(m.group(4));
            hash = B64_DECODE.decode(m.group(5));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the password hash's salt or hash isn't base64");
        }
        if (salt.length < 8 || hash.length < 16 || hash.length > 128) {
            throw new IllegalArgumentException("the password hash's salt (8 bytes or more) or"
                    + " hash (16 to 128 bytes) has the wrong length");
        }
        return new PasswordHash(encoded, memory, iterations, parallelism, salt, hash);
    }

    /**
     * Whether {@code password} is the one this hash was made from. Slow by design (tens of
     * milliseconds): never call it on an event loop. The comparison takes the same time wherever
     * the hashes differ.
     */
    public boolean verify(char[] password) {
        byte[] candidate = compute(password, salt, memory, iterations, parallelism, hash.length);
        try {
            return MessageDigest.isEqual(candidate, hash);
        } finally {
            Arrays.fill(candidate, (byte) 0);
        }
    }

    /** The encoded form, for the configuration file and Export-PosternConfiguration. */
    public String encoded() {
        return encoded;
    }

    private static byte[] compute(char[] password, byte[] salt, int memory, int iterations,
            int parallelism, int length) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memory)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator gen = new Argon2BytesGenerator();
        gen.init(params);
        byte[] utf8 = utf8(password);
        byte[] out = new byte[length];
        try {
            gen.generateBytes(utf8, out);
        } finally {
            Arrays.fill(utf8, (byte) 0);
        }
        return out;
    }

    private static byte[] utf8(char[] password) {
        ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] out = new byte[b.remaining()];
        b.get(out);
        if (b.hasArray()) {
            Arrays.fill(b.array(), (byte) 0);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PasswordHash && ((PasswordHash) o).encoded.equals(encoded);
    }

    @Override
    public int hashCode() {
        return encoded.hashCode();
    }

    /** Never the hash itself: objects print in logs and error messages. */
    @Override
    public String toString() {
        return "PasswordHash[argon2id]";
    }
}
