package org.postern.manage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.postern.config.AntispamConfig;
import org.postern.config.AntispamConfig.RecipientFilter;
import org.postern.config.AntispamConfig.SenderFilter;
import org.postern.config.AntispamConfig.SenderId;
import org.postern.config.AntispamConfig.SenderIdAction;
import org.postern.config.ConfigRepository;
import org.postern.config.Configuration;
import org.postern.config.ValueType;
import org.postern.shell.Invocation;
import org.postern.shell.Parameter;
import org.postern.shell.PsObject;
import org.postern.shell.View;

/**
 * Get-/Set-SenderFilterConfig, Get-/Set-RecipientFilterConfig and Get-/Set-SenderIdConfig: the
 * settings of the Sender Filter, Recipient Filter and Sender ID agents. Each is one object; the
 * lists take a value, an array, or {@code @{Add=...; Remove=...}}.
 */
final class FilterConfigCmdlets {

    static final String SENDER_TYPE =
            "Microsoft.Exchange.Data.Directory.SystemConfiguration.SenderFilterConfig";
    static final String RECIPIENT_TYPE =
            "Microsoft.Exchange.Data.Directory.SystemConfiguration.RecipientFilterConfig";
    static final String SENDER_ID_TYPE =
            "Microsoft.Exchange.Data.Directory.SystemConfiguration.SenderIdConfig";

    private static final ValueType<List<String>> NAMES =
            ValueType.list(s -> s.trim().toLowerCase(Locale.ROOT), String.class);

    private static final List<Setting<SenderFilter, ?>> SENDER = List.of(
            new Setting<>("BlockedDomains", NAMES, SenderFilter::blockedDomains,
                    SenderFilter::withBlockedDomains),
            new Setting<>("BlockedDomainsAndSubdomains", NAMES,
                    SenderFilter::blockedDomainsAndSubdomains,
                    SenderFilter::withBlockedDomainsAndSubdomains),
            new Setting<>("BlockedSenders", NAMES, SenderFilter::blockedSenders,
                    SenderFilter::withBlockedSenders),
            new Setting<>("Enabled", ValueType.BOOLEAN, SenderFilter::enabled,
                    SenderFilter::withEnabled));

    private static final List<Setting<RecipientFilter, ?>> RECIPIENT = List.of(
            new Setting<>("BlockedRecipients", NAMES, RecipientFilter::blockedRecipients,
                    RecipientFilter::withBlockedRecipients),
            new Setting<>("BlockListEnabled", ValueType.BOOLEAN,
                    RecipientFilter::blockListEnabled, RecipientFilter::withBlockListEnabled),
            new Setting<>("Enabled", ValueType.BOOLEAN, RecipientFilter::enabled,
                    RecipientFilter::withEnabled),
            new Setting<>("RecipientValidationEnabled", ValueType.BOOLEAN,
                    RecipientFilter::recipientValidationEnabled,
                    RecipientFilter::withRecipientValidationEnabled));

    private static final ValueType<SenderIdAction> ACTION =
            ValueType.enumeration(SenderIdAction.class);

    private static final List<Setting<SenderId, ?>> SENDER_ID = List.of(
            new Setting<>("BypassedSenderDomains", NAMES, SenderId::bypassedSenderDomains,
                    SenderId::withBypassedSenderDomains),
            new Setting<>("Enabled", ValueType.BOOLEAN, SenderId::enabled,
                    SenderId::withEnabled),
            new Setting<>("SpoofedDomainAction", ACTION, SenderId::spoofedDomainAction,
                    SenderId::withSpoofedDomainAction),
            new Setting<>("TempErrorAction", ACTION, SenderId::tempErrorAction,
                    SenderId::withTempErrorAction));

    private FilterConfigCmdlets() {
    }

    static List<ExchangeCmdlet> all(ConfigRepository repo) {
        return List.of(
                new Get(repo, "Get-SenderFilterConfig", c -> sender(c.antispam().senderFilter())),
                new Set<>(repo, "Set-SenderFilterConfig", "SenderFilterConfig", SENDER,
                        c -> c.antispam().senderFilter(), AntispamConfig::withSenderFilter),
                new Get(repo, "Get-RecipientFilterConfig",
                        c -> recipient(c.antispam().recipientFilter())),
                new Set<>(repo, "Set-RecipientFilterConfig", "RecipientFilterConfig", RECIPIENT,
                        c -> c.antispam().recipientFilter(),
                        AntispamConfig::withRecipientFilter),
                new Get(repo, "Get-SenderIdConfig", c -> senderId(c.antispam().senderId())),
                new Set<>(repo, "Set-SenderIdConfig", "SenderIdConfig", SENDER_ID,
                        c -> c.antispam().senderId(), AntispamConfig::withSenderId));
    }

    // BypassedRecipients is always empty: Postern checks at MAIL, before any recipient.
    static PsObject senderId(SenderId f) {
        PsObject o = PsObject.of(SENDER_ID_TYPE);
        o.put("SpoofedDomainAction", f.spoofedDomainAction().name());
        o.put("TempErrorAction", f.tempErrorAction().name());
        o.put("BypassedRecipients", List.of());
        o.put("BypassedSenderDomains", f.bypassedSenderDomains());
        o.put("Name", "SenderIdConfig");
        o.put("Enabled", f.enabled());
        o.put("ExternalMailEnabled", true);
        o.put("InternalMailEnabled", false);
        o.put("Identity", "SenderIdConfig");
        o.put("IsValid", true);
        return o.view(View.list("SpoofedDomainAction", "TempErrorAction", "BypassedRecipients",
                "BypassedSenderDomains", "Name", "Enabled", "ExternalMailEnabled",
                "InternalMailEnabled")).text("SenderIdConfig");
    }

    static PsObject sender(SenderFilter f) {
        PsObject o = PsObject.of(SENDER_TYPE);
        o.put("Name", "SenderFilterConfig");
        o.put("BlockedSenders", f.blockedSenders());
        o.put("BlockedDomains", f.blockedDomains());
        o.put("BlockedDomainsAndSubdomains", f.blockedDomainsAndSubdomains());
        o.put("Action", "Reject");
        o.put("BlankSenderBlockingEnabled", false);
        o.put("RecipientBlockedSenderAction", "Reject");
        o.put("Enabled", f.enabled());
        o.put("ExternalMailEnabled", true);
        o.put("InternalMailEnabled", false);
        o.put("Identity", "SenderFilterConfig");
        o.put("IsValid", true);
        return o.view(View.list("Name", "BlockedSenders", "BlockedDomains",
                "BlockedDomainsAndSubdomains", "Action", "BlankSenderBlockingEnabled",
                "RecipientBlockedSenderAction", "Enabled", "ExternalMailEnabled",
                "InternalMailEnabled")).text("SenderFilterConfig");
    }

    static PsObject recipient(RecipientFilter f) {
        PsObject o = PsObject.of(RECIPIENT_TYPE);
        o.put("Name", "RecipientFilterConfig");
        o.put("BlockedRecipients", f.blockedRecipients());
        o.put("RecipientValidationEnabled", f.recipientValidationEnabled());
        o.put("BlockListEnabled", f.blockListEnabled());
        o.put("Enabled", f.enabled());
        o.put("ExternalMailEnabled", true);
        o.put("InternalMailEnabled", false);
        o.put("Identity", "RecipientFilterConfig");
        o.put("IsValid", true);
        return o.view(View.list("Name", "BlockedRecipients", "RecipientValidationEnabled",
                "BlockListEnabled", "Enabled", "ExternalMailEnabled", "InternalMailEnabled"))
                .text("RecipientFilterConfig");
    }

    /** Get-...FilterConfig. */
    static final class Get extends ExchangeCmdlet {
        private final Function<Configuration, PsObject> show;

        Get(ConfigRepository repo, String name, Function<Configuration, PsObject> show) {
            super(repo, name, List.of());
            this.show = show;
        }

        @Override
        public void process(Invocation inv) {
            inv.emit(show.apply(repo.current()));
        }
    }

    /** Set-...FilterConfig -Setting value ... */
    static final class Set<S> extends ExchangeCmdlet {
        private final String identity;
        private final List<Setting<S, ?>> settings;
        private final Function<Configuration, S> read;
        private final BiFunction<AntispamConfig, S, AntispamConfig> write;

        Set(ConfigRepository repo, String name, String identity, List<Setting<S, ?>> settings,
                Function<Configuration, S> read,
                BiFunction<AntispamConfig, S, AntispamConfig> write) {
            super(repo, name, declared(settings));
            this.identity = identity;
            this.settings = settings;
            this.read = read;
            this.write = write;
        }

        private static <S> List<Parameter> declared(List<Setting<S, ?>> settings) {
            List<Parameter> p = new ArrayList<>();
            for (Setting<S, ?> s : settings) {
                p.add(ExchangeCmdlet.value(s.name()));
            }
            return p;
        }

        @Override
        public void process(Invocation inv) {
            if (!inv.shouldProcess("Configuring \"" + identity + "\".")) {
                return;
            }
            boolean[] modified = {false};
            change(inv, before -> {
                S current = read.apply(before);
                S updated = current;
                for (Setting<S, ?> s : settings) {
                    updated = s.apply(updated, inv.params());
                }
                modified[0] = !updated.equals(current);
                return before.withAntispam(write.apply(before.antispam(), updated));
            });
            if (!modified[0]) {
                inv.warnNothingModified(identity);
            }
        }
    }
}
