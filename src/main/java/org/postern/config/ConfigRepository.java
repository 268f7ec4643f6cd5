package org.postern.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.postern.log.Kv;
import org.postern.tls.CertificateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live configuration: the current snapshot, changed only through {@link #update}, which
 * checks every connector, every mailbox and the transport settings, writes the file, and only
 * then makes the new snapshot current and tells the listeners (the listener manager opens and
 * closes bindings).
 */
public final class ConfigRepository {

    private static final Logger LOG = LoggerFactory.getLogger("postern.config");

    private final ConfigFile file;
    private final List<Function<Configuration, List<String>>> listeners =
            new CopyOnWriteArrayList<>();
    private volatile Configuration current;
    private CertificateStore certificates;

    public ConfigRepository(ConfigFile file, Configuration initial) {
        this.file = file;
        this.current = initial;
    }

    public Configuration current() {
        return current;
    }

    /**
     * The certificate store of the same data directory. It is not part of the configuration
     * snapshot (it holds private keys in files of their own) but lives beside it, so everyone
     * who holds the repository reaches the one store.
     */
    public synchronized CertificateStore certificates() {
        if (certificates == null) {
            certificates = CertificateStore.open(file.path().toAbsolutePath().getParent());
        }
        return certificates;
    }

    /** Registers a listener called after every successful change, in the changing thread. */
    public void onChange(Consumer<Configuration> listener) {
        listeners.add(c -> {
            listener.accept(c);
            return List.of();
        });
    }

    /**
     * Registers a listener called after every successful change, in the changing thread, that
     * returns warnings about what it could not put into effect (a binding that could not open);
     * the change stays, and the warnings reach the one who made it.
     */
    public void onChangeReporting(Function<Configuration, List<String>> listener) {
        listeners.add(listener);
    }

    /** A change's result: the new configuration, and the listeners' warnings about it. */
    public record Updated(Configuration configuration, List<String> warnings) {
        public Updated {
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * Applies a change. The change function may throw {@link InvalidConfigurationException} or
     * {@link IllegalArgumentException}; the configuration is then left as it was.
     *
     * @return the new configuration
     */
    public Configuration update(UnaryOperator<Configuration> change) {
        return updateReporting(change).configuration();
    }

    /** {@link #update}, also returning the listeners' warnings about the change. */
    public synchronized Updated updateReporting(UnaryOperator<Configuration> change) {
        Configuration before = current;
        Configuration after = change.apply(before);
        if (after.equals(before)) {
            return new Updated(before, List.of());
        }
        // Only new or changed objects: every clash involves one, and the message then names the
        // object that already held the binding, name or address, not the one being changed.
        for (ReceiveConnector c : after.receiveConnectors()) {
            if (!before.receiveConnectors().contains(c)) {
                ConnectorRules.check(c, after);
            }
        }
        for (SendConnector c : after.sendConnectors()) {
            if (!before.sendConnectors().contains(c)) {
                SendConnectorRules.check(c, after);
            }
        }
        for (Mailbox m : after.mailboxes()) {
            if (!before.mailboxes().contains(m)) {
                MailboxRules.check(m, after);
            }
        }
        TransportServiceRules.check(after.transportService());
        after.transportConfig().check();
        after.backPressure().check();
        try {
            file.write(after);
        } catch (IOException e) {
            throw new UncheckedIOException("The configuration could not be saved to "
                    + file.path() + ": " + e.getMessage(), e);
        }
        current = after;
        LOG.info(Kv.format("event", "config-saved", "connectors", after.receiveConnectors().size(),
                "accepted_domains", after.acceptedDomains().size(), "send_connectors",
                after.sendConnectors().size(), "mailboxes", after.mailboxes().size()));
        List<String> warnings = new ArrayList<>();
        for (Function<Configuration, List<String>> l : listeners) {
            warnings.addAll(l.apply(after));
        }
        return new Updated(after, warnings);
    }
}
