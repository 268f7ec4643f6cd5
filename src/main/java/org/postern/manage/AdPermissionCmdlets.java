package org.postern.manage;

import java.util.ArrayList;
import java.util.List;
import org.postern.config.ConfigRepository;
import org.postern.config.Configuration;
import org.postern.config.ReceiveConnector;
import org.postern.permission.AccessEntry;
import org.postern.permission.Acl;
import org.postern.permission.ExtendedRight;
import org.postern.permission.Principal;
import org.postern.shell.BoundParameters;
import org.postern.shell.ErrorCategory;
import org.postern.shell.Invocation;
import org.postern.shell.Parameter;
import org.postern.shell.PsObject;
import org.postern.shell.ShellError;

/**
 * Get-, Add- and Remove-ADPermission on receive connectors: the connector's access entries, one
 * object per principal and right, as Exchange shows them.
 */
final class AdPermissionCmdlets {

    private AdPermissionCmdlets() {
    }

    static List<ExchangeCmdlet> all(ConfigRepository repo) {
        return List.of(new Get(repo), new Add(repo), new Remove(repo));
    }

    /** The ADPermission tasks live in Exchange's RecipientTasks namespace, as their objects. */
    private abstract static class AdPermissionCmdlet extends ExchangeCmdlet {
        AdPermissionCmdlet(ConfigRepository repo, String name, List<Parameter> parameters) {
            super(repo, name, parameters);
        }

        @Override
        protected String taskArea() {
            return "RecipientTasks";
        }
    }

    private static Parameter identity() {
        return Parameter.named("Identity").position(0)
                .byValue(ExchangeObjects.RECEIVE_CONNECTOR_TYPE).byPropertyName().build();
    }

    /** The principal named by -User, or an error naming the value. */
    static Principal user(Object raw, Configuration cfg) {
        String typed = raw == null ? "" : raw.toString();
        return Principal.find(typed, cfg.server().netbiosDomain()).orElseThrow(() ->
                new ShellError("The user or group \"" + typed + "\" couldn't be found. Postern"
                        + " knows these principals: " + known(cfg) + ".",
                        ErrorCategory.NotSpecified, "ManagementObjectNotFoundException", null,
                        null));
    }

    private static String known(Configuration cfg) {
        List<String> names = new ArrayList<>();
        for (Principal p : Principal.wellKnown(cfg.server().netbiosDomain())) {
            names.add(p.name());
        }
        return String.join(", ", names);
    }

    /** The rights named by -ExtendedRights; each must be a known right. */
    static List<ExtendedRight> rights(List<Object> raw) {
        List<ExtendedRight> out = new ArrayList<>();
        for (Object o : raw) {
            for (String part : o.toString().split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                ExtendedRight r = ExtendedRight.byAdsName(part).orElseThrow(() -> new ShellError(
                        "The extended right \"" + part.trim() + "\" isn't valid for a Receive"
                                + " connector. Use a right such as ms-Exch-SMTP-Submit or"
                                + " ms-Exch-SMTP-Accept-Any-Recipient.",
                        ErrorCategory.InvalidArgument, "ArgumentException", null, null));
                if (!out.contains(r)) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    /** The connector named by a bound Identity, whatever its form. */
    static ReceiveConnector connector(Configuration cfg, Object identity) {
        if (identity == null) {
            throw ExchangeCmdlet.missing("Identity");
        }
        return Identities.oneReceiveConnector(cfg, identity);
    }

    /** Get-ADPermission [-Identity] connector [-User principal]. */
    static final class Get extends AdPermissionCmdlet {
        Get(ConfigRepository repo) {
            super(repo, "Get-ADPermission", List.of(identity(),
                    Parameter.named("User").type(Parameter.Type.STRING).build()));
        }

        @Override
        public void process(Invocation inv) {
            Configuration cfg = repo.current();
            ReceiveConnector c = connector(cfg, inv.params().get("Identity"));
            Principal only = inv.params().has("User") ? user(inv.params().get("User"), cfg) : null;
            for (AccessEntry e : c.acl().entries()) {
                if (only == null || e.principal().equals(only)) {
                    inv.emit(ExchangeObjects.accessEntry(c, e));
                }
            }
        }
    }

    /** Parameters shared by Add- and Remove-ADPermission. */
    private static List<Parameter> aceParameters() {
        return List.of(identity(),
                Parameter.named("User").type(Parameter.Type.STRING).byPropertyName().build(),
                Parameter.named("ExtendedRights").array().byPropertyName().build(),
                Parameter.named("AccessRights").array().build(),
                Parameter.switchNamed("Deny"),
                Parameter.named("InheritanceType").type(Parameter.Type.STRING).build(),
                Parameter.named("Instance").byValue(ExchangeObjects.ACE_TYPE).build(),
                RelayGuard.force());
    }

    /** The entries an Add- or Remove-ADPermission call names, from parameters or -Instance. */
    private static List<AccessEntry> entries(BoundParameters params, Configuration cfg) {
        Object instance = params.get("Instance");
        Object userValue = params.get("User");
        List<Object> rightValues = params.list("ExtendedRights");
        boolean deny = params.bool("Deny");
        if (instance instanceof PsObject) {
            PsObject ace = (PsObject) instance;
            userValue = userValue != null ? userValue : ace.get("User");
            if (rightValues.isEmpty() && ace.get("ExtendedRights") instanceof List) {
                rightValues = new ArrayList<>((List<?>) ace.get("ExtendedRights"));
            }
            deny = params.has("Deny") ? deny : Boolean.TRUE.equals(ace.get("Deny"));
        }
        if (userValue == null) {
            throw ExchangeCmdlet.missing("User");
        }
        if (rightValues.isEmpty()) {
            if (!params.list("AccessRights").isEmpty()) {
                throw new ShellError("Postern keeps only extended rights on Receive connectors;"
                        + " give -ExtendedRights instead of -AccessRights.",
                        ErrorCategory.NotImplemented, "NotSupportedException", null, null);
            }
            throw ExchangeCmdlet.missing("ExtendedRights");
        }
        Principal principal = user(userValue, cfg);
        List<AccessEntry> out = new ArrayList<>();
        for (ExtendedRight r : rights(rightValues)) {
            out.add(new AccessEntry(principal, r, deny, null));
        }
        return out;
    }

    /** The identity of the target: -Identity, else the piped entry's Identity. */
    private static Object target(BoundParameters params) {
        Object id = params.get("Identity");
        if (id == null && params.get("Instance") instanceof PsObject) {
            id = ((PsObject) params.get("Instance")).get("Identity");
        }
        return id;
    }

    /** Add-ADPermission [-Identity] connector -User principal -ExtendedRights rights [-Deny]. */
    static final class Add extends AdPermissionCmdlet {
        Add(ConfigRepository repo) {
            super(repo, "Add-ADPermission", aceParameters());
        }

        @Override
        public void process(Invocation inv) {
            Object id = target(inv.params());
            Configuration now = repo.current();
            ReceiveConnector c = connector(now, id);
            List<AccessEntry> added = entries(inv.params(), now);
            if (!inv.shouldProcess("Adding Active Directory permission to \"" + c.identity()
                    + "\" for user \"" + added.get(0).principal().name() + "\".")) {
                return;
            }
            RelayGuard guard = new RelayGuard(inv);
            Configuration after = change(inv, before -> {
                ReceiveConnector target = connector(before, id);
                Acl acl = target.acl();
                for (AccessEntry e : added) {
                    acl = acl.with(e);
                }
                return guard.check(before, before.withReceiveConnector(target.withAcl(acl)));
            });
            guard.warn();
            ReceiveConnector result = connector(after, id);
            for (AccessEntry e : added) {
                inv.emit(ExchangeObjects.accessEntry(result, e));
            }
        }
    }

    /** Remove-ADPermission [-Identity] connector -User principal -ExtendedRights rights [-Deny]. */
    static final class Remove extends AdPermissionCmdlet {
        Remove(ConfigRepository repo) {
            super(repo, "Remove-ADPermission", aceParameters());
        }

        @Override
        public void process(Invocation inv) {
            Object id = target(inv.params());
            Configuration now = repo.current();
            ReceiveConnector c = connector(now, id);
            List<AccessEntry> removed = entries(inv.params(), now);
            for (AccessEntry e : removed) {
                if (!c.acl().contains(e)) {
                    inv.writeError(new ShellError("The access control entry doesn't exist: \""
                            + c.identity() + "\" has no " + (e.deny() ? "deny" : "allow")
                            + " entry for \"" + e.principal().name() + "\" with the right \""
                            + e.right().adsName() + "\".", ErrorCategory.NotSpecified,
                            "ACENotFoundException", null, null));
                    return;
                }
            }
            if (!inv.shouldProcess("Removing Active Directory permission from \""
                    + c.identity() + "\" for user \"" + removed.get(0).principal().name()
                    + "\".")) {
                return;
            }
            RelayGuard guard = new RelayGuard(inv);
            change(inv, before -> {
                ReceiveConnector target = connector(before, id);
                Acl acl = target.acl();
                for (AccessEntry e : removed) {
                    acl = acl.without(e);
                }
                return guard.check(before, before.withReceiveConnector(target.withAcl(acl)));
            });
            guard.warn();
        }
    }
}
