package org.postern.manage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.postern.config.ConfigRepository;
import org.postern.config.Configuration;
import org.postern.config.TransportService;
import org.postern.config.Unlimited;
import org.postern.config.ValueType;
import org.postern.shell.Invocation;
import org.postern.shell.Parameter;
import org.postern.shell.ShellError;

/**
 * Get- and Set-TransportService: this server's delivery settings (retries, expiry, delay
 * notifications, outbound connection limits). There is one object, named after the server.
 */
final class TransportServiceCmdlets {

    private static final String TYPE = ExchangeObjects.TRANSPORT_SERVICE_TYPE;

    private static final List<Setting<TransportService, ?>> SETTINGS = List.of(
            new Setting<>("DelayNotificationTimeout", ValueType.TIMESPAN,
                    TransportService::delayNotificationTimeout,
                    TransportService::withDelayNotificationTimeout),
            new Setting<>("MaxConnectionRatePerMinute", ValueType.UNLIMITED,
                    TransportService::maxConnectionRatePerMinute,
                    TransportService::withMaxConnectionRatePerMinute),
            new Setting<>("MaxOutboundConnections", ValueType.UNLIMITED,
                    TransportService::maxOutboundConnections,
                    TransportService::withMaxOutboundConnections),
            new Setting<>("MaxPerDomainOutboundConnections", ValueType.UNLIMITED,
                    TransportService::maxPerDomainOutboundConnections,
                    TransportService::withMaxPerDomainOutboundConnections),
            new Setting<>("MessageExpirationTimeout", ValueType.TIMESPAN,
                    TransportService::messageExpirationTimeout,
                    TransportService::withMessageExpirationTimeout),
            new Setting<>("MessageRetryInterval", ValueType.TIMESPAN,
                    TransportService::messageRetryInterval,
                    TransportService::withMessageRetryInterval),
            new Setting<>("OutboundConnectionFailureRetryInterval", ValueType.TIMESPAN,
                    TransportService::outboundConnectionFailureRetryInterval,
                    TransportService::withOutboundConnectionFailureRetryInterval),
            new Setting<>("TransientFailureRetryCount", ValueType.integer(),
                    TransportService::transientFailureRetryCount,
                    TransportService::withTransientFailureRetryCount),
            new Setting<>("TransientFailureRetryInterval", ValueType.TIMESPAN,
                    TransportService::transientFailureRetryInterval,
                    TransportService::withTransientFailureRetryInterval));

    private TransportServiceCmdlets() {
    }

    static List<ExchangeCmdlet> all(ConfigRepository repo) {
        return List.of(new Get(repo), new Set(repo));
    }

    /** This server's settings when the identity names it (name, FQDN, wildcard), else an error. */
    private static TransportService find(Configuration cfg, Object identity) {
        String text = Identities.text(identity);
        TransportService t = cfg.transportService();
        if (Identities.wildcard(text, t.server()) || text.equalsIgnoreCase(cfg.server().fqdn())) {
            return t;
        }
        throw Identities.notFound(identity, cfg);
    }

    /** Get-TransportService [[-Identity] server]. */
    static final class Get extends ExchangeCmdlet {
        Get(ConfigRepository repo) {
            super(repo, "Get-TransportService", List.of(identityParameter(TYPE, false)));
        }

        @Override
        public void process(Invocation inv) {
            Configuration cfg = repo.current();
            Object id = inv.params().get("Identity");
            if (id != null) {
                try {
                    find(cfg, id);
                } catch (ShellError e) {
                    inv.writeError(e);
                    return;
                }
            }
            inv.emit(ExchangeObjects.transportService(cfg.transportService(), cfg));
        }
    }

    /** Set-TransportService [-Identity] server -Setting value ... */
    static final class Set extends ExchangeCmdlet {
        Set(ConfigRepository repo) {
            super(repo, "Set-TransportService", declared());
        }

        private static List<Parameter> declared() {
            List<Parameter> p = new ArrayList<>();
            p.add(identityParameter(TYPE, true));
            for (Setting<TransportService, ?> s : SETTINGS) {
                p.add(ExchangeCmdlet.value(s.name()));
            }
            return p;
        }

        @Override
        public void process(Invocation inv) {
            Object id = inv.params().get("Identity");
            TransportService target = find(repo.current(), id);
            if (!inv.shouldProcess("Configuring transport service \"" + target.identity()
                    + "\".")) {
                return;
            }
            boolean[] modified = {false};
            change(inv, before -> {
                TransportService t = find(before, id);
                TransportService updated = t;
                for (Setting<TransportService, ?> s : SETTINGS) {
                    updated = s.apply(updated, inv.params());
                }
                modified[0] = !updated.equals(t);
                return before.withTransportService(updated);
            });
            if (!modified[0]) {
                inv.warnNothingModified(target.identity());
            }
        }
    }
}
