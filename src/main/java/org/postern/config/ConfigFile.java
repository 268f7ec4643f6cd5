package org.postern.config;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.postern.permission.AccessEntry;
import org.postern.permission.Acl;
import org.postern.permission.ExtendedRight;
import org.postern.permission.PermissionGroup;
import org.postern.permission.Principal;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The configuration file {@code DIR/config.json}: readable JSON, written atomically (a temporary
 * file, fsynced, renamed over the old one, then the directory fsynced), so a crash leaves either
 * the old file or the new one, never a torn one.
 */
public final class ConfigFile {

    private static final int FORMAT = 1;
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Path file;
    private final CredentialCipher cipher;

    public ConfigFile(Path dataDirectory) {
        this.file = dataDirectory.resolve("config.json");
        this.cipher = new CredentialCipher(dataDirectory);
    }

    public Path path() {
        return file;
    }

    public boolean exists() {
        return Files.exists(file);
    }

    /**
     * Reads the configuration.
     *
     * @throws InvalidConfigurationException naming the file and the bad entry when it cannot be
     *     read or holds a value that is not valid
     */
    public Configuration read() throws IOException {
        Map<String, Object> root;
        try {
            root = JSON.readValue(Files.readAllBytes(file), Map.class);
        } catch (JacksonException e) {
            throw new InvalidConfigurationException(file + " is not valid JSON: "
                    + e.getOriginalMessage());
        }
        try {
            return decode(root);
        } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
            throw new InvalidConfigurationException(file + " holds a value Postern can't read: "
                    + e.getMessage());
        }
    }

    /**
     * The file holds password hashes and encrypted credentials: only its owner may read it
     * (where the file system has POSIX permissions).
     */
    private static void ownerOnly(Path p) throws IOException {
        try {
            Files.setPosixFilePermissions(p,
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its own access rules apply
        }
    }

    /** Writes the configuration atomically and durably. */
    public void write(Configuration config) throws IOException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
        byte[] bytes = JSON.writeValueAsBytes(encode(config));
        Path tmp = dir.resolve("config.json.tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(bytes));
            ch.force(true);
        }
        ownerOnly(tmp);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("The file system of " + dir + " can't replace files atomically",
                    e);
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    private Map<String, Object> encode(Configuration config) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("name", config.server().name());
        server.put("fqdn", config.server().fqdn());
        server.put("netbiosDomain", config.server().netbiosDomain());
        root.put("server", server);
        List<Object> connectors = new ArrayList<>();
        for (ReceiveConnector c : config.receiveConnectors()) {
            connectors.add(encode(c, config.server().netbiosDomain()));
        }
        root.put("receiveConnectors", connectors);
        List<Object> domains = new ArrayList<>();
        for (AcceptedDomain d : config.acceptedDomains()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", d.name());
            m.put("domainName", d.domainName());
            m.put("domainType", d.domainType().name());
            m.put("default", d.isDefault());
            domains.add(m);
        }
        root.put("acceptedDomains", domains);
        List<Object> send = new ArrayList<>();
        for (SendConnector c : config.sendConnectors()) {
            send.add(encode(c));
        }
        root.put("sendConnectors", send);
        List<Object> mailboxes = new ArrayList<>();
        for (Mailbox m : config.mailboxes()) {
            mailboxes.add(encode(m));
        }
        root.put("mailboxes", mailboxes);
        root.put("transportService", encode(config.transportService()));
        root.put("transportConfig", encode(config.transportConfig()));
        root.put("antispam", AntispamFile.encode(config.antispam()));
        root.put("backPressure", encode(config.backPressure()));
        return root;
    }

    private Map<String, Object> encode(SendConnector c) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("guid", c.guid().toString());
        m.put("whenCreated", c.whenCreated().toString());
        m.put("whenChanged", c.whenChanged().toString());
        m.put("usage", c.usage().name());
        List<String> spaces = new ArrayList<>();
        c.addressSpaces().forEach(a -> spaces.add(a.toString()));
        m.put("addressSpaces", spaces);
        List<String> hosts = new ArrayList<>();
        c.smartHosts().forEach(h -> hosts.add(h.toString()));
        m.put("smartHosts", hosts);
        m.put("port", c.port());
        m.put("dnsRoutingEnabled", c.dnsRoutingEnabled());
        m.put("smartHostAuthMechanism", c.smartHostAuthMechanism().name());
        if (c.authenticationCredential() != null) {
            Map<String, Object> cred = new LinkedHashMap<>();
            cred.put("userName", c.authenticationCredential().userName());
            cred.put("password", cipher.encrypt(c.authenticationCredential().password()));
            m.put("authenticationCredential", cred);
        }
        m.put("requireTLS", c.requireTls());
        m.put("maxMessageSize", limit(c.maxMessageSize()));
        m.put("fqdn", c.fqdn());
        m.put("enabled", c.enabled());
        m.put("connectionInactivityTimeOut", TimeSpans.format(c.connectionInactivityTimeOut()));
        m.put("smtpMaxMessagesPerConnection", c.smtpMaxMessagesPerConnection());
        m.put("sourceTransportServers", c.sourceTransportServers());
        m.put("comment", c.comment());
        return m;
    }

    private static Map<String, Object> encode(Mailbox mb) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", mb.name());
        m.put("alias", mb.alias());
        m.put("displayName", mb.displayName());
        m.put("primarySmtpAddress", mb.primarySmtpAddress());
        m.put("emailAddresses", mb.emailAddresses());
        m.put("guid", mb.guid().toString());
        m.put("whenCreated", mb.whenCreated().toString());
        m.put("whenChanged", mb.whenChanged().toString());
        if (mb.password() != null) {
            m.put("passwordHash", mb.password().encoded());
        }
        return m;
    }

    private static Map<String, Object> encode(TransportService t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("transientFailureRetryCount", t.transientFailureRetryCount());
        m.put("transientFailureRetryInterval", TimeSpans.format(t.transientFailureRetryInterval()));
        m.put("outboundConnectionFailureRetryInterval",
                TimeSpans.format(t.outboundConnectionFailureRetryInterval()));
        m.put("messageExpirationTimeout", TimeSpans.format(t.messageExpirationTimeout()));
        m.put("delayNotificationTimeout", TimeSpans.format(t.delayNotificationTimeout()));
        m.put("maxOutboundConnections", t.maxOutboundConnections().toString());
        m.put("maxPerDomainOutboundConnections", t.maxPerDomainOutboundConnections().toString());
        m.put("maxConnectionRatePerMinute", t.maxConnectionRatePerMinute().toString());
        m.put("messageRetryInterval", TimeSpans.format(t.messageRetryInterval()));
        return m;
    }

    private static Map<String, Object> encode(TransportConfig t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("maxReceiveSize", limit(t.maxReceiveSize()));
        m.put("maxSendSize", limit(t.maxSendSize()));
        m.put("maxRecipientEnvelopeLimit", t.maxRecipientEnvelopeLimit().toString());
        return m;
    }

    private static Map<String, Object> encode(BackPressureConfig b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", b.enabled());
        m.put("monitoringInterval", TimeSpans.format(b.monitoringInterval()));
        m.put("usedDiskSpace", encode(b.usedDiskSpace()));
        m.put("usedHeapMemory", encode(b.usedHeapMemory()));
        m.put("queueLength", encode(b.queueLength()));
        return m;
    }

    private static Map<String, Object> encode(BackPressureConfig.Levels l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("normal", l.normal());
        m.put("medium", l.medium());
        m.put("high", l.high());
        return m;
    }

    private static Object limit(ByteLimit l) {
        return l.size().<Object>map(ByteSize::bytes).orElse("Unlimited");
    }

    private static Map<String, Object> encode(AccessEntry e) {
        Map<String, Object> em = new LinkedHashMap<>();
        em.put("user", e.principal().name());
        em.put("sid", e.principal().sid());
        em.put("right", e.right().adsName());
        em.put("deny", e.deny());
        if (e.group() != null) {
            em.put("group", e.group().name());
        }
        return em;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Map<String, Object> encode(ReceiveConnector c, String netbios) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("server", c.server());
        m.put("guid", c.guid().toString());
        m.put("whenCreated", c.whenCreated().toString());
        m.put("whenChanged", c.whenChanged().toString());
        Map<String, Object> props = new LinkedHashMap<>();
        for (Property<?> p : ReceiveConnectorSchema.all()) {
            if (c.isSet(p)) {
                props.put(p.name(), ((ValueType) p.type()).toFile(c.get(p)));
            }
        }
        m.put("properties", props);
        List<String> groups = new ArrayList<>();
        c.acl().storedGroups().forEach(g -> groups.add(g.name()));
        m.put("permissionGroups", groups);
        m.put("aclEdited", c.acl().isEdited());
        // Entries written by the groups are implied by permissionGroups; only what an
        // administrator changed is stored: group entries removed, and explicit entries.
        Acl written = Acl.empty().withGroups(c.acl().storedGroups(), netbios);
        List<Object> removed = new ArrayList<>();
        for (AccessEntry e : written.entries()) {
            if (!c.acl().entries().contains(e)) {
                removed.add(encode(e));
            }
        }
        m.put("removedGroupPermissions", removed);
        List<Object> explicit = new ArrayList<>();
        for (AccessEntry e : c.acl().entries()) {
            if (e.isExplicit()) {
                explicit.add(encode(e));
            }
        }
        m.put("permissions", explicit);
        return m;
    }

    @SuppressWarnings("unchecked")
    private Configuration decode(Map<String, Object> root) throws IOException {
        Object format = root.get("format");
        if (!(format instanceof Number) || ((Number) format).intValue() != FORMAT) {
            throw new IllegalArgumentException("unknown format " + format);
        }
        Map<String, Object> s = (Map<String, Object>) root.get("server");
        ServerIdentity server = new ServerIdentity((String) s.get("name"), (String) s.get("fqdn"),
                (String) s.get("netbiosDomain"));
        List<ReceiveConnector> connectors = new ArrayList<>();
        for (Object o : (List<Object>) root.get("receiveConnectors")) {
            connectors.add(decodeConnector((Map<String, Object>) o, server));
        }
        List<AcceptedDomain> domains = new ArrayList<>();
        for (Object o : (List<Object>) root.get("acceptedDomains")) {
            Map<String, Object> m = (Map<String, Object>) o;
            domains.add(new AcceptedDomain((String) m.get("name"), (String) m.get("domainName"),
                    DomainType.valueOf((String) m.get("domainType")),
                    Boolean.TRUE.equals(m.get("default"))));
        }
        // Files written before delivery existed have none of the following sections.
        List<SendConnector> send = new ArrayList<>();
        for (Object o : (List<Object>) root.getOrDefault("sendConnectors", List.of())) {
            send.add(decodeSendConnector((Map<String, Object>) o, server));
        }
        List<Mailbox> mailboxes = new ArrayList<>();
        for (Object o : (List<Object>) root.getOrDefault("mailboxes", List.of())) {
            mailboxes.add(decodeMailbox((Map<String, Object>) o));
        }
        Object ts = root.get("transportService");
        TransportService transport = ts == null ? TransportService.defaults(server.name())
                : decodeTransportService((Map<String, Object>) ts, server.name());
        Object tc = root.get("transportConfig");
        TransportConfig limits = tc == null ? TransportConfig.defaults()
                : decodeTransportConfig((Map<String, Object>) tc);
        Object as = root.get("antispam");
        AntispamConfig antispam = as == null ? AntispamConfig.defaults()
                : AntispamFile.decode((Map<String, Object>) as);
        Object bp = root.get("backPressure");
        BackPressureConfig pressure = bp == null ? BackPressureConfig.defaults()
                : decodeBackPressure((Map<String, Object>) bp);
        return new Configuration(server, connectors, domains, send, mailboxes, transport,
                limits, antispam, pressure);
    }

    /** Settings missing from the file keep their defaults. */
    private static TransportConfig decodeTransportConfig(Map<String, Object> m) {
        TransportConfig t = TransportConfig.defaults();
        try {
            if (m.containsKey("maxReceiveSize")) {
                t = t.withMaxReceiveSize(byteLimit(m.get("maxReceiveSize")));
            }
            if (m.containsKey("maxSendSize")) {
                t = t.withMaxSendSize(byteLimit(m.get("maxSendSize")));
            }
            if (m.containsKey("maxRecipientEnvelopeLimit")) {
                t = t.withMaxRecipientEnvelopeLimit(
                        Unlimited.parse(String.valueOf(m.get("maxRecipientEnvelopeLimit"))));
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("transportConfig: " + e.getMessage(), e);
        }
        return t;
    }

    /** Settings missing from the file keep their defaults. */
    @SuppressWarnings("unchecked")
    private static BackPressureConfig decodeBackPressure(Map<String, Object> m) {
        BackPressureConfig b = BackPressureConfig.defaults();
        try {
            if (m.containsKey("enabled")) {
                b = b.withEnabled(Boolean.TRUE.equals(m.get("enabled")));
            }
            if (m.containsKey("monitoringInterval")) {
                b = b.withMonitoringInterval(
                        TimeSpans.parse(String.valueOf(m.get("monitoringInterval"))));
            }
            if (m.get("usedDiskSpace") instanceof Map) {
                b = b.withUsedDiskSpace(levels((Map<String, Object>) m.get("usedDiskSpace"),
                        b.usedDiskSpace()));
            }
            if (m.get("usedHeapMemory") instanceof Map) {
                b = b.withUsedHeapMemory(levels((Map<String, Object>) m.get("usedHeapMemory"),
                        b.usedHeapMemory()));
            }
            if (m.get("queueLength") instanceof Map) {
                b = b.withQueueLength(levels((Map<String, Object>) m.get("queueLength"),
                        b.queueLength()));
            }
            b.check();
        } catch (IllegalArgumentException | InvalidConfigurationException e) {
            throw new IllegalArgumentException("backPressure: " + e.getMessage(), e);
        }
        return b;
    }

    private static BackPressureConfig.Levels levels(Map<String, Object> m,
            BackPressureConfig.Levels l) {
        return new BackPressureConfig.Levels(whole(m, "normal", l.normal()),
                whole(m, "medium", l.medium()), whole(m, "high", l.high()));
    }

    private static long whole(Map<String, Object> m, String key, long fallback) {
        Object v = m.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number) {
            return ((Number) v).longValue();
        }
        throw new IllegalArgumentException(key + " \"" + v + "\" is not a whole number");
    }

    private static ByteLimit byteLimit(Object v) {
        return v instanceof Number ? ByteLimit.of(ByteSize.ofBytes(((Number) v).longValue()))
                : ByteLimit.parse(String.valueOf(v));
    }

    @SuppressWarnings("unchecked")
    private SendConnector decodeSendConnector(Map<String, Object> m, ServerIdentity server)
            throws IOException {
        String name = (String) m.get("name");
        try {
            List<AddressSpace> spaces = new ArrayList<>();
            for (Object a : (List<Object>) m.get("addressSpaces")) {
                spaces.add(AddressSpace.parse((String) a));
            }
            List<SmartHost> hosts = new ArrayList<>();
            for (Object h : (List<Object>) m.getOrDefault("smartHosts", List.of())) {
                hosts.add(SmartHost.parse((String) h));
            }
            SmtpCredential cred = null;
            Map<String, Object> c = (Map<String, Object>) m.get("authenticationCredential");
            if (c != null) {
                cred = new SmtpCredential((String) c.get("userName"),
                        cipher.decrypt((String) c.get("password")));
            }
            ByteLimit max = byteLimit(m.get("maxMessageSize"));
            List<String> sources = new ArrayList<>();
            for (Object s : (List<Object>) m.getOrDefault("sourceTransportServers",
                    List.of(server.name()))) {
                sources.add((String) s);
            }
            return new SendConnector(name, UUID.fromString((String) m.get("guid")),
                    SendConnectorUsage.valueOf((String) m.get("usage")), spaces, hosts,
                    ((Number) m.get("port")).intValue(),
                    !Boolean.FALSE.equals(m.get("dnsRoutingEnabled")),
                    SmartHostAuthMechanism.valueOf((String) m.get("smartHostAuthMechanism")),
                    cred, Boolean.TRUE.equals(m.get("requireTLS")), max, (String) m.get("fqdn"),
                    !Boolean.FALSE.equals(m.get("enabled")),
                    TimeSpans.parse((String) m.get("connectionInactivityTimeOut")),
                    ((Number) m.get("smtpMaxMessagesPerConnection")).intValue(), sources,
                    (String) m.get("comment"), Instant.parse((String) m.get("whenCreated")),
                    Instant.parse((String) m.get("whenChanged")));
        } catch (IllegalArgumentException | NullPointerException | ClassCastException e) {
            throw new IllegalArgumentException("send connector \"" + name + "\": "
                    + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Mailbox decodeMailbox(Map<String, Object> m) {
        String name = (String) m.get("name");
        try {
            List<String> addresses = new ArrayList<>();
            for (Object a : (List<Object>) m.get("emailAddresses")) {
                addresses.add((String) a);
            }
            return new Mailbox(name, (String) m.get("alias"), (String) m.get("displayName"),
                    (String) m.get("primarySmtpAddress"), addresses,
                    UUID.fromString((String) m.get("guid")),
                    Instant.parse((String) m.get("whenCreated")),
                    Instant.parse((String) m.get("whenChanged")),
                    m.get("passwordHash") == null ? null
                            : PasswordHash.parse((String) m.get("passwordHash")));
        } catch (IllegalArgumentException | NullPointerException | ClassCastException e) {
            throw new IllegalArgumentException("mailbox \"" + name + "\": " + e.getMessage(), e);
        }
    }

    /** Settings missing from the file keep their defaults. */
    private static TransportService decodeTransportService(Map<String, Object> m, String server) {
        TransportService t = TransportService.defaults(server);
        try {
            if (m.containsKey("transientFailureRetryCount")) {
                t = t.withTransientFailureRetryCount(
                        ((Number) m.get("transientFailureRetryCount")).intValue());
            }
            t = t.withTransientFailureRetryInterval(span(m, "transientFailureRetryInterval",
                    t.transientFailureRetryInterval()));
            t = t.withOutboundConnectionFailureRetryInterval(span(m,
                    "outboundConnectionFailureRetryInterval",
                    t.outboundConnectionFailureRetryInterval()));
            t = t.withMessageExpirationTimeout(span(m, "messageExpirationTimeout",
                    t.messageExpirationTimeout()));
            t = t.withDelayNotificationTimeout(span(m, "delayNotificationTimeout",
                    t.delayNotificationTimeout()));
            t = t.withMessageRetryInterval(span(m, "messageRetryInterval",
                    t.messageRetryInterval()));
            if (m.containsKey("maxOutboundConnections")) {
                t = t.withMaxOutboundConnections(
                        Unlimited.parse(String.valueOf(m.get("maxOutboundConnections"))));
            }
            if (m.containsKey("maxPerDomainOutboundConnections")) {
                t = t.withMaxPerDomainOutboundConnections(Unlimited.parse(
                        String.valueOf(m.get("maxPerDomainOutboundConnections"))));
            }
            if (m.containsKey("maxConnectionRatePerMinute")) {
                t = t.withMaxConnectionRatePerMinute(Unlimited.parse(
                        String.valueOf(m.get("maxConnectionRatePerMinute"))));
            }
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new IllegalArgumentException("transportService: " + e.getMessage(), e);
        }
        return t;
    }

    private static java.time.Duration span(Map<String, Object> m, String key,
            java.time.Duration current) {
        Object v = m.get(key);
        return v == null ? current : TimeSpans.parse((String) v);
    }

    private static AccessEntry decode(Map<String, Object> em, ServerIdentity server) {
        String user = (String) em.get("user");
        Principal principal = Principal.find(user, server.netbiosDomain())
                .orElse(new Principal(user, (String) em.get("sid")));
        String right = (String) em.get("right");
        ExtendedRight r = ExtendedRight.byAdsName(right).orElseThrow(
                () -> new IllegalArgumentException("unknown right " + right));
        Object group = em.get("group");
        return new AccessEntry(principal, r, Boolean.TRUE.equals(em.get("deny")),
                group == null ? null : PermissionGroup.valueOf((String) group));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ReceiveConnector decodeConnector(Map<String, Object> m, ServerIdentity server) {
        String name = (String) m.get("name");
        Map<Property<?>, Object> values = new LinkedHashMap<>();
        Map<String, Object> props = (Map<String, Object>) m.get("properties");
        for (Map.Entry<String, Object> e : props.entrySet()) {
            Property<?> p = ReceiveConnectorSchema.byName(e.getKey()).orElseThrow(
                    () -> new IllegalArgumentException("connector \"" + name
                            + "\": unknown property " + e.getKey()));
            try {
                Object v = ((ValueType) p.type()).convert(e.getValue(), p.defaultValue());
                if (v != null) {
                    values.put(p, v);
                }
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException("connector \"" + name + "\", property "
                        + p.name() + ": " + bad.getMessage());
            }
        }
        List<PermissionGroup> groups = new ArrayList<>();
        for (Object g : (List<Object>) m.get("permissionGroups")) {
            groups.add(PermissionGroup.valueOf((String) g));
        }
        List<AccessEntry> entries = new ArrayList<>(
                Acl.empty().withGroups(groups, server.netbiosDomain()).entries());
        for (Object o : (List<Object>) m.get("removedGroupPermissions")) {
            entries.remove(decode((Map<String, Object>) o, server));
        }
        for (Object o : (List<Object>) m.get("permissions")) {
            entries.add(decode((Map<String, Object>) o, server));
        }
        Acl acl = Acl.of(groups, entries, Boolean.TRUE.equals(m.get("aclEdited")));
        return ReceiveConnector.restore(name, (String) m.get("server"),
                UUID.fromString((String) m.get("guid")),
                Instant.parse((String) m.get("whenCreated")),
                Instant.parse((String) m.get("whenChanged")), values, acl);
    }
}
