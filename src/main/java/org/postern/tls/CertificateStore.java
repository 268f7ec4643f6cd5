package org.postern.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.postern.log.Kv;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The server's certificates, what Exchange keeps in the computer's personal certificate store:
 * in {@code DIR/certificates} (owner-only), one {@code <thumbprint>.pem} per certificate (the
 * chain and the private key, owner-only) and {@code certificates.json} with what Exchange keeps
 * beside them (services, friendly name, whether the key may be exported, and which certificate
 * is the SMTP default). Changes are written atomically and seen by the next TLS session at
 * once, so a new certificate needs no restart.
 */
public final class CertificateStore {

    private static final Logger LOG = LoggerFactory.getLogger("postern.tls");
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final String INDEX = "certificates.json";

    private final Path dir;
    private final Map<String, ExchangeCertificate> certificates = new LinkedHashMap<>();
    private String smtpDefault;
    private volatile long generation;

    private CertificateStore(Path dir) {
        this.dir = dir;
    }

    /** The store of a data directory (empty if it has none yet). */
    public static CertificateStore open(Path dataDirectory) {
        CertificateStore s = new CertificateStore(dataDirectory.resolve("certificates"));
        try {
            s.load();
        } catch (IOException e) {
            throw new UncheckedIOException("The certificate store " + s.dir
                    + " can't be read: " + e.getMessage(), e);
        }
        return s;
    }

    /** The store's directory. */
    public Path directory() {
        return dir;
    }

    /**
     * What setup does on a server's first start: when the data directory has no certificate
     * store yet, makes the self-signed certificate for the server and enables it for SMTP.
     *
     * @return the new certificate, or empty when the store existed already
     */
    public synchronized Optional<ExchangeCertificate> setUp(String fqdn, String serverName,
            Instant now) {
        if (Files.isDirectory(dir)) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        if (serverName != null && !serverName.equalsIgnoreCase(fqdn)) {
            names.add(serverName);
        }
        ExchangeCertificate c = SelfSignedCertificates.create(fqdn, names, now,
                EnumSet.of(CertificateService.SMTP));
        store(c, "certificate-created");
        return Optional.of(enable(c.thumbprint(), EnumSet.of(CertificateService.SMTP)));
    }

    /** Increases with every change; caches of TLS contexts compare it. */
    public long generation() {
        return generation;
    }

    public synchronized List<ExchangeCertificate> all() {
        return new ArrayList<>(certificates.values());
    }

    public synchronized Optional<ExchangeCertificate> find(String thumbprint) {
        return Optional.ofNullable(certificates.get(key(thumbprint)));
    }

    /** The certificate enabled last for SMTP, if it is still in the store. */
    public synchronized Optional<ExchangeCertificate> smtpDefault() {
        return smtpDefault == null ? Optional.empty() : find(smtpDefault);
    }

    /**
     * Adds a certificate.
     *
     * @throws IllegalArgumentException when one with the same thumbprint is there already
     */
    public synchronized ExchangeCertificate add(ExchangeCertificate c) {
        return store(c, "certificate-imported");
    }

    private ExchangeCertificate store(ExchangeCertificate c, String event) {
        if (certificates.containsKey(c.thumbprint())) {
            throw new IllegalArgumentException("The certificate with thumbprint "
                    + c.thumbprint() + " already exists in the certificate store.");
        }
        Map<String, ExchangeCertificate> before = new LinkedHashMap<>(certificates);
        certificates.put(c.thumbprint(), c);
        try {
            ensureDirectory();
            writeOwnerOnly(dir.resolve(c.thumbprint() + ".pem"),
                    CertificateFiles.toPem(c.chain(), c.privateKey())
                            .getBytes(StandardCharsets.US_ASCII));
            saveIndex();
        } catch (IOException e) {
            certificates.clear();
            certificates.putAll(before);
            throw new UncheckedIOException("The certificate could not be saved in " + dir + ": "
                    + e.getMessage(), e);
        }
        changed(event, c);
        return c;
    }

    /**
     * Adds services to a certificate; SMTP also makes it the SMTP default (the certificate of
     * every connector without its own TlsCertificateName).
     */
    public synchronized ExchangeCertificate enable(String thumbprint,
            Set<CertificateService> services) {
        ExchangeCertificate c = require(thumbprint);
        EnumSet<CertificateService> s = c.services().isEmpty()
                ? EnumSet.noneOf(CertificateService.class) : EnumSet.copyOf(c.services());
        s.addAll(services);
        ExchangeCertificate updated = c.withServices(s);
        String oldDefault = smtpDefault;
        certificates.put(updated.thumbprint(), updated);
        if (services.contains(CertificateService.SMTP)) {
            smtpDefault = updated.thumbprint();
        }
        try {
            saveIndex();
        } catch (IOException e) {
            certificates.put(c.thumbprint(), c);
            smtpDefault = oldDefault;
            throw new UncheckedIOException("The certificate store could not be saved: "
                    + e.getMessage(), e);
        }
        changed("certificate-enabled", updated);
        return updated;
    }

    /** Removes a certificate and its key; if it was the SMTP default, there is none after. */
    public synchronized void remove(String thumbprint) {
        ExchangeCertificate c = require(thumbprint);
        String oldDefault = smtpDefault;
        certificates.remove(c.thumbprint());
        if (c.thumbprint().equals(smtpDefault)) {
            smtpDefault = null;
        }
        try {
            saveIndex();
            Files.deleteIfExists(dir.resolve(c.thumbprint() + ".pem"));
        } catch (IOException e) {
            certificates.put(c.thumbprint(), c);
            smtpDefault = oldDefault;
            throw new UncheckedIOException("The certificate store could not be saved: "
                    + e.getMessage(), e);
        }
        changed("certificate-removed", c);
    }

    private ExchangeCertificate require(String thumbprint) {
        ExchangeCertificate c = certificates.get(key(thumbprint));
        if (c == null) {
            throw new IllegalArgumentException("The certificate with thumbprint " + thumbprint
                    + " was not found.");
        }
        return c;
    }

    private void changed(String event, ExchangeCertificate c) {
        generation++;
        LOG.info(Kv.format("event", event, "thumbprint", c.thumbprint(), "subject",
                c.subject(), "not_after", c.notAfter(), "services", c.services().toString(),
                "smtp_default", c.thumbprint().equals(smtpDefault)));
    }

    private static String key(String thumbprint) {
        return thumbprint == null ? "" : thumbprint.trim().replace(" ", "")
                .toUpperCase(Locale.ROOT);
    }

    // ---------------------------------------------------------------- files

    private void load() throws IOException {
        Path index = dir.resolve(INDEX);
        if (!Files.exists(index)) {
            return;
        }
        Map<?, ?> root;
        try {
            root = JSON.readValue(Files.readAllBytes(index), Map.class);
        } catch (JacksonException e) {
            throw new IOException(index + " is not valid JSON: " + e.getOriginalMessage());
        }
        Object def = root.get("smtpDefault");
        smtpDefault = def == null ? null : def.toString();
        Object list = root.get("certificates");
        if (!(list instanceof List)) {
            return;
        }
        for (Object o : (List<?>) list) {
            Map<?, ?> m = (Map<?, ?>) o;
            String thumbprint = String.valueOf(m.get("thumbprint"));
            Path pem = dir.resolve(thumbprint + ".pem");
            CertificateFiles.Loaded loaded;
            try {
                loaded = CertificateFiles.read(Files.readAllBytes(pem), null);
            } catch (CertificateFiles.BadCertificateFileException | IOException e) {
                LOG.warn(Kv.format("event", "certificate-unreadable", "file", pem,
                        "error", e.getMessage(), "fix", "import the certificate again"));
                continue;
            }
            EnumSet<CertificateService> services = EnumSet.noneOf(CertificateService.class);
            Object s = m.get("services");
            if (s instanceof List) {
                for (Object name : (List<?>) s) {
                    services.add(CertificateService.valueOf(name.toString()));
                }
            }
            ExchangeCertificate c = new ExchangeCertificate(loaded.chain(), loaded.key(),
                    services, Boolean.TRUE.equals(m.get("privateKeyExportable")),
                    m.get("friendlyName") == null ? "" : m.get("friendlyName").toString());
            certificates.put(c.thumbprint(), c);
        }
    }

    private void saveIndex() throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", 1);
        root.put("smtpDefault", smtpDefault);
        List<Object> list = new ArrayList<>();
        for (ExchangeCertificate c : certificates.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("thumbprint", c.thumbprint());
            List<String> services = new ArrayList<>();
            for (CertificateService s : CertificateService.values()) {
                if (c.services().contains(s)) {
                    services.add(s.name());
                }
            }
            m.put("services", services);
            m.put("friendlyName", c.friendlyName());
            m.put("privateKeyExportable", c.privateKeyExportable());
            list.add(m);
        }
        root.put("certificates", list);
        ensureDirectory();
        writeOwnerOnly(dir.resolve(INDEX), JSON.writeValueAsBytes(root));
    }

    private void ensureDirectory() throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                            "rwx------")));
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    /** Temporary file (owner-only from its creation), fsync, rename, directory fsync. */
    private void writeOwnerOnly(Path file, byte[] bytes) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(bytes));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
