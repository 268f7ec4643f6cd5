package org.postern.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * The secret that protects the management endpoint: 32 random bytes in hex, kept in
 * {@code DIR/admin.secret}, readable and writable only by its owner. Whoever can read the file
 * can manage the server, exactly like whoever can read the data directory.
 */
public final class AdminSecret {

    private static final Set<PosixFilePermission> OWNER_ONLY =
            PosixFilePermissions.fromString("rw-------");

    private final String value;

    private AdminSecret(String value) {
        this.value = value;
    }

    /** Reads the secret, creating it (owner-only) on first use. */
    public static AdminSecret loadOrCreate(Path dataDirectory) throws IOException {
        Path file = file(dataDirectory);
        if (!Files.exists(file)) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String hex = HexFormat.of().formatHex(random);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                Files.writeString(file, hex + "\n", StandardCharsets.US_ASCII);
            } catch (FileAlreadyExistsException raced) {
                // Another process created it first: use theirs.
            }
        }
        Files.setPosixFilePermissions(file, OWNER_ONLY);
        return read(dataDirectory);
    }

    /** Reads an existing secret. */
    public static AdminSecret read(Path dataDirectory) throws IOException {
        String text = Files.readString(file(dataDirectory), StandardCharsets.US_ASCII).trim();
        if (text.length() != 64) {
            throw new IOException(file(dataDirectory) + " does not hold a Postern admin secret");
        }
        return new AdminSecret(text);
    }

    static Path file(Path dataDirectory) {
        return dataDirectory.resolve("admin.secret");
    }

    /** The secret as the client sends it. */
    public String value() {
        return value;
    }

    /** Compares in constant time. */
    public boolean matches(String offered) {
        if (offered == null) {
            return false;
        }
        return MessageDigest.isEqual(value.getBytes(StandardCharsets.US_ASCII),
                offered.trim().getBytes(StandardCharsets.US_ASCII));
    }
}
