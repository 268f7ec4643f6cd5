package org.postern.manage;

import java.util.ArrayList;
import java.util.List;
import org.postern.config.ByteLimit;
import org.postern.config.ConfigRepository;
import org.postern.config.TransportConfig;
import org.postern.config.Unlimited;
import org.postern.config.ValueType;
import org.postern.shell.Invocation;
import org.postern.shell.Parameter;

/**
 * Get- and Set-TransportConfig: the organisation's transport limits (MaxReceiveSize,
 * MaxSendSize, MaxRecipientEnvelopeLimit). There is one object, "Transport Settings".
 */
final class TransportConfigCmdlets {

    private static final List<Setting<TransportConfig, ?>> SETTINGS = List.of(
            new Setting<>("MaxReceiveSize", ValueType.BYTE_LIMIT,
                    TransportConfig::maxReceiveSize, TransportConfig::withMaxReceiveSize),
            new Setting<>("MaxRecipientEnvelopeLimit",
                    ValueType.UNLIMITED, TransportConfig::maxRecipientEnvelopeLimit,
                    TransportConfig::withMaxRecipientEnvelopeLimit),
            new Setting<>("MaxSendSize", ValueType.BYTE_LIMIT,
                    TransportConfig::maxSendSize, TransportConfig::withMaxSendSize));

    private TransportConfigCmdlets() {
    }

    static List<ExchangeCmdlet> all(ConfigRepository repo) {
        return List.of(new Get(repo), new Set(repo));
    }

    /** Get-TransportConfig. */
    static final class Get extends ExchangeCmdlet {
        Get(ConfigRepository repo) {
            super(repo, "Get-TransportConfig", List.of());
        }

        @Override
        public void process(Invocation inv) {
            inv.emit(ExchangeObjects.transportConfig(repo.current().transportConfig()));
        }
    }

    /** Set-TransportConfig -Setting value ... */
    static final class Set extends ExchangeCmdlet {
        Set(ConfigRepository repo) {
            super(repo, "Set-TransportConfig", declared());
        }

        private static List<Parameter> declared() {
            List<Parameter> p = new ArrayList<>();
            for (Setting<TransportConfig, ?> s : SETTINGS) {
                p.add(ExchangeCmdlet.value(s.name()));
            }
            return p;
        }

        @Override
        public void process(Invocation inv) {
            if (!inv.shouldProcess("Configuring transport settings \""
                    + TransportConfig.IDENTITY + "\".")) {
                return;
            }
            boolean[] modified = {false};
            change(inv, before -> {
                TransportConfig t = before.transportConfig();
                TransportConfig updated = t;
                for (Setting<TransportConfig, ?> s : SETTINGS) {
                    updated = s.apply(updated, inv.params());
                }
                modified[0] = !updated.equals(t);
                return before.withTransportConfig(updated);
            });
            if (!modified[0]) {
                inv.warnNothingModified(TransportConfig.IDENTITY);
            }
        }
    }
}
