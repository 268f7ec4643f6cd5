package org.postern.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keeps send-connector passwords out of {@code config.json} in clear text: they are encrypted
 * with AES-GCM under a random key in {@code DIR/credential.key} (owner-only, made on first use)
 * and stored as {@code aes-gcm:<base64 of nonce and ciphertext>}. Like Exchange's stored
 * credentials this protects against a glance at the file or a copy of it alone; whoever can read
 * the whole data directory can read the passwords, as the server itself must.
 */
final class CredentialCipher {

    private static final String PREFIX = "aes-gcm:";
    private static final int NONCE = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path keyFile;
    private byte[] key;

    CredentialCipher(Path dataDirectory) {
        this.keyFile = dataDirectory.resolve("credential.key");
    }

    String encrypt(String password) throws IOException {
        try {
            byte[] nonce = new byte[NONCE];
            RANDOM.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key(true), "AES"),
                    new GCMParameterSpec(128, nonce));
            byte[] sealed = c.doFinal(password.getBytes(StandardCharsets.UTF_8));
            ByteBuffer out = ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed);
            return PREFIX + Base64.getEncoder().encodeToString(out.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this Java runtime", e);
        }
    }

    /**
     * @throws IllegalArgumentException when the value is not one this key sealed
     */
    String decrypt(String stored) throws IOException {
        if (!stored.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a stored password must start with " + PREFIX);
        }
        byte[] all;
        try {
            all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a stored password is not valid base64");
        }
        if (all.length <= NONCE) {
            throw new IllegalArgumentException("a stored password is too short");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key(false), "AES"),
                    new GCMParameterSpec(128, all, 0, NONCE));
            return new String(c.doFinal(all, NONCE, all.length - NONCE), StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalArgumentException("a stored password was not encrypted with "
                    + keyFile + " (was the file replaced?)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this Java runtime", e);
        }
    }

    private byte[] key(boolean create) throws IOException {
        if (key != null) {
            return key;
        }
        if (!Files.exists(keyFile)) {
            if (!create) {
                throw new IllegalArgumentException("stored passwords need " + keyFile
                        + ", which is missing");
            }
            byte[] fresh = new byte[32];
            RANDOM.nextBytes(fresh);
            Path tmp = keyFile.resolveSibling(keyFile.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(Base64.getEncoder().encode(fresh)));
                ch.force(true);
            }
            // The key must be durable before any config.json that needs it is written.
            Files.move(tmp, keyFile, StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel d = FileChannel.open(keyFile.getParent(), StandardOpenOption.READ)) {
                d.force(true);
            }
        }
        byte[] k;
        try {
            k = Base64.getDecoder().decode(Files.readString(keyFile, StandardCharsets.US_ASCII)
                    .trim());
        } catch (IllegalArgumentException e) {
            k = new byte[0];
        }
        if (k.length != 32) {
            throw new IllegalArgumentException(keyFile + " does not hold a Postern credential key");
        }
        key = k;
        return key;
    }
}
