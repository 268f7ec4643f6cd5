package org.postern.config;

import static org.postern.config.ReceiveConnectorSchema.*;

import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.postern.permission.Acl;
import org.postern.permission.Principal;

/**
 * A receive connector: where and from whom Postern accepts SMTP connections, and what those
 * sessions may do. Immutable; changes return a new connector.
 */
public final class ReceiveConnector {

    private final String name;
    private final String server;
    private final UUID guid;
    private final Instant whenCreated;
    private final Instant whenChanged;
    private final Map<Property<?>, Object> values;
    private final Acl acl;

    private ReceiveConnector(String name, String server, UUID guid, Instant whenCreated,
            Instant whenChanged, Map<Property<?>, Object> values, Acl acl) {
        this.name = Objects.requireNonNull(name);
        this.server = Objects.requireNonNull(server);
        this.guid = guid;
        this.whenCreated = whenCreated;
        this.whenChanged = whenChanged;
        this.values = Map.copyOf(values);
        this.acl = acl;
    }

    /** A new connector with every property at its default and an empty ACL. */
    public static ReceiveConnector create(String name, String server, Instant now) {
        return new ReceiveConnector(name, server, UUID.randomUUID(), now, now, Map.of(),
                Acl.empty());
    }

    /**
     * A connector as stored in the configuration file. A stored value equal to the default is
     * dropped, as {@link #with} drops it, so equal settings make equal connectors.
     */
    public static ReceiveConnector restore(String name, String server, UUID guid,
            Instant whenCreated, Instant whenChanged, Map<Property<?>, Object> values, Acl acl) {
        Map<Property<?>, Object> own = new HashMap<>(values);
        own.entrySet().removeIf(e -> e.getValue() == null
                || e.getValue().equals(e.getKey().defaultValue()));
        return new ReceiveConnector(name, server, guid, whenCreated, whenChanged, own, acl);
    }

    public String name() {
        return name;
    }

    public String server() {
        return server;
    }

    /** {@code SERVER\Name}, as Exchange displays a receive connector's identity. */
    public String identity() {
        return server + "\\" + name;
    }

    public UUID guid() {
        return guid;
    }

    public Instant whenCreated() {
        return whenCreated;
    }

    public Instant whenChanged() {
        return whenChanged;
    }

    public Acl acl() {
        return acl;
    }

    /** The property's value, or its default when never set. */
    @SuppressWarnings("unchecked")
    public <T> T get(Property<T> property) {
        Object v = values.get(property);
        return v == null && !values.containsKey(property) ? property.defaultValue() : (T) v;
    }

    /** Whether the property differs from its default (the file stores only those). */
    public boolean isSet(Property<?> property) {
        return values.containsKey(property);
    }

    /**
     * The connector with the property set. A value equal to the default is stored as absent,
     * so a Set- that puts a property back to its default changes nothing it did not change.
     */
    public <T> ReceiveConnector with(Property<T> property, T value) {
        Map<Property<?>, Object> copy = new HashMap<>(values);
        if (value == null || value.equals(property.defaultValue())) {
            // Map.copyOf refuses nulls: an explicit null is stored as absent, i.e. the default,
            // which is null for every property that may be null.
            copy.remove(property);
        } else {
            copy.put(property, value);
        }
        return new ReceiveConnector(name, server, guid, whenCreated, whenChanged, copy, acl);
    }

    public ReceiveConnector withName(String newName) {
        return new ReceiveConnector(newName, server, guid, whenCreated, whenChanged, values, acl);
    }

    public ReceiveConnector withAcl(Acl newAcl) {
        return new ReceiveConnector(name, server, guid, whenCreated, whenChanged, values, newAcl);
    }

    public ReceiveConnector changedAt(Instant when) {
        return new ReceiveConnector(name, server, guid, whenCreated, when, values, acl);
    }

    /** The explicitly set values, for storage. */
    public Map<Property<?>, Object> setValues() {
        return values;
    }

    public boolean enabled() {
        return get(ENABLED);
    }

    public TransportRole transportRole() {
        return get(TRANSPORT_ROLE);
    }

    public List<Binding> bindings() {
        return get(BINDINGS);
    }

    public List<IpRange> remoteIpRanges() {
        return get(REMOTE_IP_RANGES);
    }

    public EnumSet<AuthMechanism> authMechanism() {
        return get(AUTH_MECHANISM);
    }

    /** The FQDN this connector greets with: its Fqdn, or the server's when unset. */
    public String fqdn(String serverFqdn) {
        String own = get(FQDN);
        return own == null ? serverFqdn : own;
    }

    /**
     * The principal a session that has not authenticated runs as: Externally Secured Servers on a
     * connector with ExternalAuthoritative, ANONYMOUS LOGON everywhere else.
     */
    public Principal sessionPrincipal() {
        return authMechanism().contains(AuthMechanism.ExternalAuthoritative)
                ? Principal.EXTERNALLY_SECURED_SERVERS
                : Principal.ANONYMOUS_LOGON;
    }

    public boolean protocolLogging() {
        return get(PROTOCOL_LOGGING_LEVEL) == ProtocolLoggingLevel.Verbose;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ReceiveConnector)) {
            return false;
        }
        ReceiveConnector r = (ReceiveConnector) o;
        return name.equals(r.name) && server.equals(r.server) && guid.equals(r.guid)
                && values.equals(r.values) && acl.equals(r.acl);
    }

    @Override
    public int hashCode() {
        return guid.hashCode();
    }

    @Override
    public String toString() {
        return identity();
    }
}
