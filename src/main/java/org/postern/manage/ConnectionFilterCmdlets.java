package org.postern.manage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.postern.config.AntispamConfig;
import org.postern.config.AntispamConfig.BlockListProvider;
import org.postern.config.AntispamConfig.IpListEntry;
import org.postern.config.ConfigRepository;
import org.postern.config.Configuration;
import org.postern.config.IpRange;
import org.postern.config.ValueType;
import org.postern.shell.ErrorCategory;
import org.postern.shell.Invocation;
import org.postern.shell.Parameter;
import org.postern.shell.PsObject;
import org.postern.shell.ShellDateTime;
import org.postern.shell.ShellError;
import org.postern.shell.View;

/**
 * The Connection Filtering agent's cmdlets: Add-/Get-/Remove-IPAllowListEntry and
 * -IPBlockListEntry (entries numbered 1, 2, ...; -IPAddress or -IPRange, -ExpirationTime,
 * -Comment) and Add-/Get-/Set-/Remove-IPBlockListProvider.
 */
final class ConnectionFilterCmdlets {

    static final String ALLOW_TYPE = "Microsoft.Exchange.Data.Transport.IPAllowListEntry";
    static final String BLOCK_TYPE = "Microsoft.Exchange.Data.Transport.IPBlockListEntry";
    static final String PROVIDER_TYPE =
            "Microsoft.Exchange.Data.Directory.SystemConfiguration.IPBlockListProvider";

    /** What Exchange shows for an entry that never expires: DateTime.MaxValue. */
    private static final Instant NEVER = Instant.parse("9999-12-31T23:59:59Z");

    private static final View ENTRY_VIEW =
            View.table("Identity", "IPRange", "ExpirationTime", "Comment");
    private static final View PROVIDER_VIEW = View.table("Name", "LookupDomain", "Priority");

    private static final List<Setting<BlockListProvider, ?>> PROVIDER_SETTINGS = List.of(
            new Setting<>("Enabled", ValueType.BOOLEAN, BlockListProvider::enabled,
                    BlockListProvider::withEnabled),
            new Setting<>("LookupDomain", ValueType.STRING, BlockListProvider::lookupDomain,
                    BlockListProvider::withLookupDomain),
            new Setting<>("Name", ValueType.STRING, BlockListProvider::name,
                    BlockListProvider::withName),
            new Setting<>("Priority", ValueType.integer(), BlockListProvider::priority,
                    BlockListProvider::withPriority),
            new Setting<>("RejectionResponse", ValueType.STRING,
                    BlockListProvider::rejectionResponse,
                    BlockListProvider::withRejectionResponse));

    private ConnectionFilterCmdlets() {
    }

    /** One of the two IP lists. */
    private record IpList(String noun, String type,
            Function<AntispamConfig, List<IpListEntry>> read,
            BiFunction<AntispamConfig, List<IpListEntry>, AntispamConfig> write) {
    }

    private static final IpList ALLOW = new IpList("IPAllowListEntry", ALLOW_TYPE,
            AntispamConfig::allowList, AntispamConfig::withAllowList);
    private static final IpList BLOCK = new IpList("IPBlockListEntry", BLOCK_TYPE,
            AntispamConfig::blockList, AntispamConfig::withBlockList);

    static List<ExchangeCmdlet> all(ConfigRepository repo) {
        List<ExchangeCmdlet> out = new ArrayList<>();
        for (IpList l : List.of(ALLOW, BLOCK)) {
            out.add(new AddEntry(repo, l));
            out.add(new GetEntry(repo, l));
            out.add(new RemoveEntry(repo, l));
        }
        out.add(new AddProvider(repo));
        out.add(new GetProvider(repo));
        out.add(new SetProvider(repo));
        out.add(new RemoveProvider(repo));
        return out;
    }

    static PsObject entry(IpListEntry e, String type) {
        PsObject o = PsObject.of(type);
        o.put("Identity", e.identity());
        o.put("IPRange", e.range().toString());
        o.put("ExpirationTime", ShellDateTime.local(e.expirationTime() == null ? NEVER
                : e.expirationTime()));
        o.put("HasExpired", e.expirationTime() != null
                && !Instant.now().isBefore(e.expirationTime()));
        o.put("IsMachineGenerated", false);
        o.put("Comment", e.comment());
        o.put("IsValid", true);
        return o.view(ENTRY_VIEW).text(String.valueOf(e.identity()));
    }

    static PsObject provider(BlockListProvider p) {
        PsObject o = PsObject.of(PROVIDER_TYPE);
        o.put("Name", p.name());
        o.put("LookupDomain", p.lookupDomain());
        o.put("Enabled", p.enabled());
        o.put("RejectionResponse", p.rejectionResponse());
        o.put("Priority", p.priority());
        o.put("AnyMatch", true);
        o.put("BitmaskMatch", null);
        o.put("IPAddressesMatch", List.of());
        o.put("Identity", p.name());
        o.put("Guid", p.guid().toString());
        o.put("IsValid", true);
        return o.view(PROVIDER_VIEW).text(p.name());
    }

    private static ShellError invalid(String message) {
        return new ShellError(message, ErrorCategory.InvalidArgument, "ArgumentException", null,
                null);
    }

    private static int number(Object identity) {
        String text = Identities.text(identity).trim();
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new ShellError("Cannot process argument transformation on parameter"
                    + " 'Identity'. The value \"" + text + "\" isn't an entry number.",
                    ErrorCategory.InvalidData, "ParameterBindingArgumentTransformationException",
                    null, "ParameterArgumentTransformationError");
        }
    }

    private static IpListEntry oneEntry(Configuration cfg, IpList l, Object identity) {
        int n = number(identity);
        for (IpListEntry e : l.read().apply(cfg.antispam())) {
            if (e.identity() == n) {
                return e;
            }
        }
        throw Identities.notFound(identity, cfg);
    }

    /** Add-IPAllowListEntry / Add-IPBlockListEntry. */
    static final class AddEntry extends ExchangeCmdlet {
        private final IpList list;

        AddEntry(ConfigRepository repo, IpList list) {
            super(repo, "Add-" + list.noun(), List.of(
                    Parameter.named("IPAddress").type(Parameter.Type.STRING).build(),
                    Parameter.named("IPRange").type(Parameter.Type.STRING).build(),
                    ExchangeCmdlet.value("ExpirationTime"),
                    Parameter.named("Comment").type(Parameter.Type.STRING).build()));
            this.list = list;
        }

        @Override
        public void process(Invocation inv) {
            boolean address = inv.params().has("IPAddress");
            if (address == inv.params().has("IPRange")) {
                throw invalid("Use either -IPAddress or -IPRange.");
            }
            String typed = inv.params().string(address ? "IPAddress" : "IPRange");
            IpRange range;
            try {
                range = IpRange.parse(typed);
            } catch (IllegalArgumentException e) {
                throw invalid("The " + (address ? "IPAddress" : "IPRange") + " value \"" + typed
                        + "\" isn't valid: " + e.getMessage());
            }
            if (address && range.size().signum() > 0 && range.size().intValue() != 1) {
                throw invalid("The IPAddress value \"" + typed + "\" isn't a single address;"
                        + " use -IPRange.");
            }
            Instant expires = expiration(inv.params().get("ExpirationTime"));
            String comment = inv.params().has("Comment") ? inv.params().string("Comment") : "";
            if (!inv.shouldProcess("Adding " + list.noun() + " \"" + range + "\".")) {
                return;
            }
            int[] added = {0};
            Configuration after = change(inv, before -> {
                List<IpListEntry> entries = new ArrayList<>(list.read().apply(before.antispam()));
                added[0] = AntispamConfig.nextIdentity(entries);
                entries.add(new IpListEntry(added[0], range, expires, comment));
                return before.withAntispam(list.write().apply(before.antispam(), entries));
            });
            inv.emit(entry(oneEntry(after, list, added[0]), list.type()));
        }

        private static Instant expiration(Object raw) {
            if (raw == null) {
                return null;
            }
            if (raw instanceof ShellDateTime) {
                return ((ShellDateTime) raw).instant();
            }
            try {
                return Instant.parse(raw.toString().trim());
            } catch (java.time.format.DateTimeParseException e) {
                // not ISO 8601: the shell's date forms
            }
            try {
                return ShellDateTime.parse(raw.toString()).instant();
            } catch (RuntimeException e) {
                throw new ShellError("Cannot process argument transformation on parameter"
                        + " 'ExpirationTime'. The value \"" + raw + "\" isn't a date and time.",
                        ErrorCategory.InvalidData,
                        "ParameterBindingArgumentTransformationException", null,
                        "ParameterArgumentTransformationError");
            }
        }
    }

    /** Get-IPAllowListEntry / Get-IPBlockListEntry [[-Identity] n] [-IPAddress a]. */
    static final class GetEntry extends ExchangeCmdlet {
        private final IpList list;

        GetEntry(ConfigRepository repo, IpList list) {
            super(repo, "Get-" + list.noun(), List.of(identityParameter(list.type(), false),
                    Parameter.named("IPAddress").type(Parameter.Type.STRING).build()));
            this.list = list;
        }

        @Override
        public void process(Invocation inv) {
            Configuration cfg = repo.current();
            Object id = inv.params().get("Identity");
            if (id != null) {
                inv.emit(entry(oneEntry(cfg, list, id), list.type()));
                return;
            }
            java.net.InetAddress only = null;
            if (inv.params().has("IPAddress")) {
                String typed = inv.params().string("IPAddress");
                try {
                    only = java.net.InetAddress.getByName(IpRange.parse(typed).toString());
                } catch (IllegalArgumentException | java.net.UnknownHostException e) {
                    throw invalid("The IPAddress value \"" + typed + "\" isn't valid.");
                }
            }
            for (IpListEntry e : list.read().apply(cfg.antispam())) {
                if (only == null || e.range().contains(only)) {
                    inv.emit(entry(e, list.type()));
                }
            }
        }
    }

    /** Remove-IPAllowListEntry / Remove-IPBlockListEntry [-Identity] n. */
    static final class RemoveEntry extends ExchangeCmdlet {
        private final IpList list;

        RemoveEntry(ConfigRepository repo, IpList list) {
            super(repo, "Remove-" + list.noun(), List.of(identityParameter(list.type(), true)));
            this.list = list;
        }

        @Override
        public void process(Invocation inv) {
            removeOne(inv, list.noun(), (cfg, id) -> oneEntry(cfg, list, id),
                    e -> String.valueOf(e.identity()), (cfg, e) -> {
                        List<IpListEntry> entries = new ArrayList<>(
                                list.read().apply(cfg.antispam()));
                        entries.removeIf(x -> x.identity() == e.identity());
                        return cfg.withAntispam(list.write().apply(cfg.antispam(), entries));
                    });
        }
    }

    private static BlockListProvider oneProvider(Configuration cfg, Object identity) {
        return Identities.one(Identities.byName(cfg.antispam().providers(), identity,
                BlockListProvider::name).isEmpty()
                ? Identities.byGuid(cfg.antispam().providers(), identity, BlockListProvider::guid)
                : Identities.byName(cfg.antispam().providers(), identity,
                        BlockListProvider::name), identity, cfg);
    }

    /** Add-IPBlockListProvider [-Name] n -LookupDomain d [-Enabled] [-RejectionResponse] ... */
    static final class AddProvider extends ExchangeCmdlet {
        AddProvider(ConfigRepository repo) {
            super(repo, "Add-IPBlockListProvider", List.of(
                    Parameter.named("Name").type(Parameter.Type.STRING).position(0).mandatory()
                            .build(),
                    Parameter.named("LookupDomain").type(Parameter.Type.STRING).mandatory()
                            .build(),
                    ExchangeCmdlet.value("Enabled"), ExchangeCmdlet.value("Priority"),
                    ExchangeCmdlet.value("RejectionResponse")));
        }

        @Override
        public void process(Invocation inv) {
            String name = inv.params().string("Name");
            if (!inv.shouldProcess("Adding IP Block List provider \"" + name + "\".")) {
                return;
            }
            Configuration after = change(inv, before -> {
                List<BlockListProvider> list = new ArrayList<>(before.antispam().providers());
                if (before.antispam().provider(name).isPresent()) {
                    throw new ShellError("An IP Block List provider named \"" + name
                            + "\" already exists.", ErrorCategory.NotSpecified,
                            "ADObjectAlreadyExistsException", null, null);
                }
                BlockListProvider p = new BlockListProvider(name, UUID.randomUUID(),
                        inv.params().string("LookupDomain"), true, "", list.size() + 1);
                for (Setting<BlockListProvider, ?> s : PROVIDER_SETTINGS) {
                    if (!s.name().equals("Name") && !s.name().equals("LookupDomain")) {
                        p = s.apply(p, inv.params());
                    }
                }
                list.add(p);
                return before.withAntispam(before.antispam().withProviders(list));
            });
            inv.emit(provider(after.antispam().provider(name).orElseThrow()));
        }
    }

    /** Get-IPBlockListProvider [[-Identity] name]. */
    static final class GetProvider extends ExchangeCmdlet {
        GetProvider(ConfigRepository repo) {
            super(repo, "Get-IPBlockListProvider", List.of(identityParameter(PROVIDER_TYPE,
                    false)));
        }

        @Override
        public void process(Invocation inv) {
            emitFound(inv, repo.current().antispam().providersByPriority(),
                    (cfg, id) -> List.of(oneProvider(cfg, id)), (p, cfg) -> provider(p));
        }
    }

    /** Set-IPBlockListProvider [-Identity] name -Setting value ... */
    static final class SetProvider extends ExchangeCmdlet {
        SetProvider(ConfigRepository repo) {
            super(repo, "Set-IPBlockListProvider", declared());
        }

        private static List<Parameter> declared() {
            List<Parameter> p = new ArrayList<>();
            p.add(identityParameter(PROVIDER_TYPE, true));
            for (Setting<BlockListProvider, ?> s : PROVIDER_SETTINGS) {
                p.add(ExchangeCmdlet.value(s.name()));
            }
            return p;
        }

        @Override
        public void process(Invocation inv) {
            Object id = inv.params().get("Identity");
            BlockListProvider target = oneProvider(repo.current(), id);
            if (!inv.shouldProcess("Configuring IP Block List provider \"" + target.name()
                    + "\".")) {
                return;
            }
            boolean[] modified = {false};
            change(inv, before -> {
                BlockListProvider p = oneProvider(before, id);
                BlockListProvider updated = p;
                for (Setting<BlockListProvider, ?> s : PROVIDER_SETTINGS) {
                    updated = s.apply(updated, inv.params());
                }
                modified[0] = !updated.equals(p);
                List<BlockListProvider> list = new ArrayList<>();
                for (BlockListProvider x : before.antispam().providers()) {
                    list.add(x.guid().equals(p.guid()) ? updated : x);
                }
                return before.withAntispam(before.antispam().withProviders(list));
            });
            if (!modified[0]) {
                inv.warnNothingModified(target.name());
            }
        }
    }

    /** Remove-IPBlockListProvider [-Identity] name. */
    static final class RemoveProvider extends ExchangeCmdlet {
        RemoveProvider(ConfigRepository repo) {
            super(repo, "Remove-IPBlockListProvider", List.of(identityParameter(PROVIDER_TYPE,
                    true)));
        }

        @Override
        public void process(Invocation inv) {
            removeOne(inv, "IP Block List provider", ConnectionFilterCmdlets::oneProvider,
                    BlockListProvider::name, (cfg, p) -> {
                        List<BlockListProvider> list = new ArrayList<>(
                                cfg.antispam().providers());
                        list.removeIf(x -> x.guid().equals(p.guid()));
                        return cfg.withAntispam(cfg.antispam().withProviders(list));
                    });
        }
    }
}
