package org.postern.manage;

import java.util.ArrayList;
import java.util.List;
import org.postern.config.AcceptedDomain;
import org.postern.config.ConfigRepository;
import org.postern.config.Configuration;
import org.postern.config.DomainType;
import org.postern.config.ValueType;
import org.postern.shell.ErrorCategory;
import org.postern.shell.Invocation;
import org.postern.shell.Parameter;
import org.postern.shell.ShellError;

/** New-, Get-, Set- and Remove-AcceptedDomain: the domains Postern accepts mail for. */
final class AcceptedDomainCmdlets {

    private static final String TYPE = ExchangeObjects.ACCEPTED_DOMAIN_TYPE;

    private AcceptedDomainCmdlets() {
    }

    static List<ExchangeCmdlet> all(ConfigRepository repo) {
        return List.of(new New(repo), new Get(repo), new Set(repo), new Remove(repo));
    }

    private static List<AcceptedDomain> find(Configuration cfg, Object identity) {
        String text = Identities.text(identity);
        List<AcceptedDomain> out = new ArrayList<>();
        for (AcceptedDomain d : cfg.acceptedDomains()) {
            if (Identities.wildcard(text, d.name())) {
                out.add(d);
            }
        }
        return out;
    }

    private static DomainType domainType(Object raw) {
        return ExchangeCmdlet.convert("DomainType", ValueType.enumeration(DomainType.class), raw,
                DomainType.Authoritative);
    }

    private static List<AcceptedDomain> replace(List<AcceptedDomain> all, AcceptedDomain old,
            AcceptedDomain updated) {
        List<AcceptedDomain> out = new ArrayList<>();
        for (AcceptedDomain d : all) {
            out.add(d.equals(old) ? updated : d);
        }
        return out;
    }

    /** New-AcceptedDomain -Name name -DomainName domain [-DomainType type]. */
    static final class New extends ExchangeCmdlet {
        New(ConfigRepository repo) {
            super(repo, "New-AcceptedDomain", List.of(
                    Parameter.named("Name").type(Parameter.Type.STRING).position(0).mandatory()
                            .build(),
                    Parameter.named("DomainName").type(Parameter.Type.STRING).mandatory().build(),
                    ExchangeCmdlet.value("DomainType")));
        }

        @Override
        public void process(Invocation inv) {
            String name = inv.params().string("Name");
            String typed = inv.params().string("DomainName");
            String domainName;
            try {
                domainName = AcceptedDomain.normaliseDomainName(typed);
            } catch (IllegalArgumentException e) {
                throw new ShellError("Cannot process argument transformation on parameter"
                        + " 'DomainName'. " + e.getMessage(), ErrorCategory.InvalidData,
                        "ParameterBindingArgumentTransformationException", null,
                        "ParameterArgumentTransformationError");
            }
            DomainType type = inv.params().has("DomainType")
                    ? domainType(inv.params().get("DomainType")) : DomainType.Authoritative;
            if (!inv.shouldProcess("Creating Accepted Domain \"" + name + "\" with domain name \""
                    + domainName + "\".")) {
                return;
            }
            Configuration after = change(inv, before -> {
                for (AcceptedDomain d : before.acceptedDomains()) {
                    if (d.name().equalsIgnoreCase(name)) {
                        throw new ShellError("An accepted domain named \"" + name
                                + "\" already exists.", ErrorCategory.NotSpecified,
                                "ADObjectAlreadyExistsException", null, null);
                    }
                    if (d.domainName().equalsIgnoreCase(domainName)) {
                        throw new ShellError("The domain \"" + domainName + "\" is already the"
                                + " accepted domain \"" + d.name() + "\".",
                                ErrorCategory.NotSpecified, "ADObjectAlreadyExistsException",
                                null, null);
                    }
                }
                List<AcceptedDomain> domains = new ArrayList<>(before.acceptedDomains());
                domains.add(new AcceptedDomain(name, domainName, type, domains.isEmpty()));
                return before.withAcceptedDomains(domains);
            });
            for (AcceptedDomain d : after.acceptedDomains()) {
                if (d.name().equals(name)) {
                    inv.emit(ExchangeObjects.acceptedDomain(d));
                }
            }
        }
    }

    /** Get-AcceptedDomain [[-Identity] name]. */
    static final class Get extends ExchangeCmdlet {
        Get(ConfigRepository repo) {
            super(repo, "Get-AcceptedDomain", List.of(identityParameter(TYPE, false)));
        }

        @Override
        public void process(Invocation inv) {
            emitFound(inv, repo.current().acceptedDomains(), AcceptedDomainCmdlets::find,
                    (d, cfg) -> ExchangeObjects.acceptedDomain(d));
        }
    }

    /** Set-AcceptedDomain [-Identity] name [-DomainType type] [-MakeDefault]. */
    static final class Set extends ExchangeCmdlet {
        Set(ConfigRepository repo) {
            super(repo, "Set-AcceptedDomain", List.of(identityParameter(TYPE, true),
                    ExchangeCmdlet.value("DomainType"), Parameter.switchNamed("MakeDefault"),
                    Parameter.named("Name").type(Parameter.Type.STRING).build()));
        }

        @Override
        public void process(Invocation inv) {
            Object id = inv.params().get("Identity");
            AcceptedDomain target = Identities.one(find(repo.current(), id), id, repo.current());
            if (!inv.shouldProcess("Configuring Accepted Domain \"" + target.name() + "\".")) {
                return;
            }
            boolean[] modified = {false};
            change(inv, before -> {
                AcceptedDomain d = Identities.one(find(before, id), id, before);
                AcceptedDomain updated = d;
                if (inv.params().has("DomainType")) {
                    updated = updated.withType(domainType(inv.params().get("DomainType")));
                }
                if (inv.params().has("Name")) {
                    String newName = inv.params().string("Name");
                    updated = new AcceptedDomain(newName, updated.domainName(),
                            updated.domainType(), updated.isDefault());
                }
                List<AcceptedDomain> domains = replace(before.acceptedDomains(), d, updated);
                if (inv.params().bool("MakeDefault") && !d.isDefault()) {
                    List<AcceptedDomain> out = new ArrayList<>();
                    for (AcceptedDomain x : domains) {
                        out.add(x.withDefault(x.name().equals(updated.name())));
                    }
                    domains = out;
                }
                modified[0] = !domains.equals(before.acceptedDomains());
                return before.withAcceptedDomains(domains);
            });
            if (!modified[0]) {
                inv.warnNothingModified(target.name());
            }
        }
    }

    /** Remove-AcceptedDomain [-Identity] name. */
    static final class Remove extends ExchangeCmdlet {
        Remove(ConfigRepository repo) {
            super(repo, "Remove-AcceptedDomain", List.of(identityParameter(TYPE, true)));
        }

        @Override
        public void process(Invocation inv) {
            Object id = inv.params().get("Identity");
            AcceptedDomain target = Identities.one(find(repo.current(), id), id, repo.current());
            if (target.isDefault() && repo.current().acceptedDomains().size() > 1) {
                throw new ShellError("The accepted domain \"" + target.name() + "\" is the"
                        + " default accepted domain and can't be removed. Make another domain"
                        + " the default first (Set-AcceptedDomain -MakeDefault).",
                        ErrorCategory.InvalidOperation, "InvalidOperationException", null, null);
            }
            if (!inv.shouldProcess("Removing Accepted Domain \"" + target.name() + "\".")) {
                return;
            }
            change(inv, before -> {
                List<AcceptedDomain> domains = new ArrayList<>(before.acceptedDomains());
                domains.remove(Identities.one(find(before, id), id, before));
                return before.withAcceptedDomains(domains);
            });
        }
    }
}
