package org.postern.manage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.postern.config.AcceptedDomain;
import org.postern.config.ConfigRepository;
import org.postern.config.Configuration;
import org.postern.config.InvalidConfigurationException;
import org.postern.config.Mailbox;
import org.postern.config.MailboxRules;
import org.postern.config.PasswordHash;
import org.postern.shell.BoundParameters;
import org.postern.shell.ErrorCategory;
import org.postern.shell.Invocation;
import org.postern.shell.Parameter;
import org.postern.shell.SecureString;
import org.postern.shell.ShellError;

/**
 * New-, Get-, Set- and Remove-Mailbox: the local recipients Postern delivers to. Only the model
 * changes here; the delivery side makes and keeps each mailbox's Maildir (named by
 * {@link Mailbox#maildirFolderName()}), and Remove-Mailbox leaves the stored mail on disk.
 */
final class MailboxCmdlets {

    private static final String TYPE = ExchangeObjects.MAILBOX_TYPE;

    private MailboxCmdlets() {
    }

    static List<ExchangeCmdlet> all(ConfigRepository repo) {
        return List.of(new New(repo), new Get(repo), new Set(repo), new Remove(repo));
    }

    private static Parameter string(String name) {
        return Parameter.named(name).type(Parameter.Type.STRING).build();
    }

    /**
     * One proxy address as typed: {@code SMTP:a@b} (the primary), {@code smtp:a@b} or a bare
     * {@code a@b} (secondary). Postern keeps SMTP addresses only.
     */
    record Proxy(String address, boolean primary) {
        static Proxy parse(Object raw) {
            String s = String.valueOf(raw).trim();
            int colon = s.indexOf(':');
            int at = s.indexOf('@');
            boolean primary = false;
            if (colon >= 0 && (at < 0 || colon < at)) {
                String prefix = s.substring(0, colon);
                if (!prefix.equalsIgnoreCase("smtp")) {
                    throw bad(s, "Postern keeps SMTP addresses only, not " + prefix
                            + " addresses");
                }
                primary = prefix.equals("SMTP");
                s = s.substring(colon + 1);
            }
            try {
                MailboxRules.checkAddress(s);
            } catch (InvalidConfigurationException e) {
                throw bad(String.valueOf(raw), "use an address such as kim@contoso.com");
            }
            return new Proxy(s, primary);
        }
    }

    private static ShellError bad(String value, String why) {
        return new ShellError("Cannot process argument transformation on parameter"
                + " 'EmailAddresses'. The proxy address \"" + value + "\" isn't valid: " + why
                + ".", ErrorCategory.InvalidData,
                "ParameterBindingArgumentTransformationException", null, null);
    }

    private static String primaryAddress(BoundParameters p) {
        String a = p.string("PrimarySmtpAddress").trim();
        try {
            MailboxRules.checkAddress(a);
        } catch (InvalidConfigurationException e) {
            throw new ShellError("Cannot process argument transformation on parameter"
                    + " 'PrimarySmtpAddress'. " + e.getMessage(), ErrorCategory.InvalidData,
                    "ParameterBindingArgumentTransformationException", null, null);
        }
        return a;
    }

    private static List<Proxy> parseAll(Object raw) {
        List<Proxy> out = new ArrayList<>();
        for (Object item : items(raw)) {
            out.add(Proxy.parse(item));
        }
        return out;
    }

    private static List<Object> items(Object raw) {
        List<Object> out = new ArrayList<>();
        if (raw instanceof List) {
            for (Object o : (List<?>) raw) {
                out.addAll(items(o));
            }
        } else if (raw != null) {
            out.add(raw);
        }
        return out;
    }

    /**
     * The mailbox's addresses after {@code -EmailAddresses}: a list replaces them (the address
     * marked {@code SMTP:} is the primary, else the first); {@code @{Add=..; Remove=..}} adds and
     * removes (an added {@code SMTP:} address becomes the primary).
     */
    static Mailbox applyEmailAddresses(Mailbox m, Object raw, Instant now) {
        if (raw instanceof Map) {
            String primary = m.primarySmtpAddress();
            List<String> addresses = new ArrayList<>(m.emailAddresses());
            for (Map.Entry<?, ?> e : ((Map<?, ?>) raw).entrySet()) {
                String key = String.valueOf(e.getKey());
                List<Proxy> values = parseAll(e.getValue());
                if (key.equalsIgnoreCase("Add")) {
                    for (Proxy p : values) {
                        addresses.removeIf(a -> a.equalsIgnoreCase(p.address()));
                        addresses.add(p.address());
                        if (p.primary()) {
                            primary = p.address();
                        }
                    }
                } else if (key.equalsIgnoreCase("Remove")) {
                    for (Proxy p : values) {
                        if (p.address().equalsIgnoreCase(primary)) {
                            throw new ShellError("The address \"" + p.address() + "\" is the"
                                    + " primary SMTP address of \"" + m.name() + "\" and can't"
                                    + " be removed. Make another address the primary first.",
                                    ErrorCategory.InvalidOperation, "DataValidationException",
                                    null, null);
                        }
                        addresses.removeIf(a -> a.equalsIgnoreCase(p.address()));
                    }
                } else {
                    throw new ShellError("Cannot process argument transformation on parameter"
                            + " 'EmailAddresses'. The hashtable key \"" + key + "\" isn't valid."
                            + " Use Add or Remove.", ErrorCategory.InvalidData,
                            "ParameterBindingArgumentTransformationException", null, null);
                }
            }
            return m.withEmailAddresses(primary, addresses, now);
        }
        List<Proxy> given = parseAll(raw);
        if (given.isEmpty()) {
            throw new ShellError("The EmailAddresses parameter can't be empty: a mailbox needs a"
                    + " primary SMTP address.", ErrorCategory.InvalidArgument,
                    "DataValidationException", null, null);
        }
        String marked = markedPrimary(given);
        List<String> addresses = new ArrayList<>();
        given.forEach(x -> addresses.add(x.address()));
        String chosen = marked != null ? marked : given.get(0).address();
        return m.withEmailAddresses(chosen, addresses, now);
    }

    /** The one address marked {@code SMTP:}, or null; two different ones are an error. */
    private static String markedPrimary(List<Proxy> given) {
        String primary = null;
        for (Proxy p : given) {
            if (p.primary()) {
                if (primary != null && !primary.equalsIgnoreCase(p.address())) {
                    throw bad("SMTP:" + p.address(), "only one address can be the primary"
                            + " (SMTP:), and SMTP:" + primary + " is already given");
                }
                primary = p.address();
            }
        }
        return primary;
    }

    /**
     * The hash the password parameters ask for: Exchange's {@code -Password} (a SecureString, as
     * ConvertTo-SecureString makes) or Postern's {@code -PasswordHash} (a stored Argon2id hash,
     * which Export-PosternConfiguration writes so that a restore keeps every password; $null
     * removes the password); {@code keep} when neither is given. Hashing
     * takes some tens of milliseconds; it happens here, in the cmdlet, never in an SMTP session.
     */
    static PasswordHash password(BoundParameters p, PasswordHash keep) {
        if (p.has("Password") && p.has("PasswordHash")) {
            throw new ShellError("The parameters Password and PasswordHash can't be used"
                    + " together.", ErrorCategory.InvalidArgument, "ParameterBindingException",
                    null, null);
        }
        if (p.has("PasswordHash")) {
            Object raw = p.get("PasswordHash");
            if (raw == null) {
                return null;
            }
            try {
                return PasswordHash.parse(String.valueOf(raw).trim());
            } catch (IllegalArgumentException e) {
                throw new ShellError("Cannot process argument transformation on parameter"
                        + " 'PasswordHash'. The value isn't valid: " + e.getMessage() + ".",
                        ErrorCategory.InvalidData,
                        "ParameterBindingArgumentTransformationException", null, null);
            }
        }
        if (!p.has("Password")) {
            return keep;
        }
        Object raw = p.get("Password");
        if (!(raw instanceof SecureString)) {
            // PowerShell would echo the value here; Postern names only its type, since the
            // value is a password.
            throw new ShellError("Cannot process argument transformation on parameter"
                    + " 'Password'. Cannot convert a value of type \""
                    + org.postern.shell.Values.typeName(raw) + "\" to type"
                    + " \"System.Security.SecureString\". Give (ConvertTo-SecureString -String"
                    + " '...' -AsPlainText -Force).", ErrorCategory.InvalidData,
                    "ParameterBindingArgumentTransformationException", null, null);
        }
        char[] chars = ((SecureString) raw).copy();
        try {
            if (chars.length == 0) {
                throw new ShellError("The password can't be empty.",
                        ErrorCategory.InvalidArgument, "DataValidationException", null, null);
            }
            return PasswordHash.of(chars);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    /** New-Mailbox -Name name [-Alias a] [-DisplayName d] [-PrimarySmtpAddress a] ... */
    static final class New extends ExchangeCmdlet {
        New(ConfigRepository repo) {
            super(repo, "New-Mailbox", List.of(
                    Parameter.named("Name").type(Parameter.Type.STRING).position(0).mandatory()
                            .build(),
                    string("Alias"), string("DisplayName"), string("PrimarySmtpAddress"),
                    ExchangeCmdlet.value("EmailAddresses"), ExchangeCmdlet.value("Password"),
                    ExchangeCmdlet.value("PasswordHash")));
        }

        @Override
        public void process(Invocation inv) {
            BoundParameters p = inv.params();
            String name = p.string("Name");
            if (!inv.shouldProcess("Creating mailbox \"" + name + "\".")) {
                return;
            }
            PasswordHash password = password(p, null);
            Configuration after = change(inv, before -> {
                Instant now = Instant.now();
                String alias = p.has("Alias") ? alias(p.string("Alias"))
                        : Mailbox.deriveAlias(name);
                String display = p.has("DisplayName") ? p.string("DisplayName") : name;
                List<Proxy> given = List.of();
                if (p.has("EmailAddresses")) {
                    if (p.get("EmailAddresses") instanceof Map) {
                        throw new ShellError("Cannot process argument transformation on"
                                + " parameter 'EmailAddresses'. New-Mailbox takes a list of"
                                + " addresses, not a hashtable.", ErrorCategory.InvalidData,
                                "ParameterBindingArgumentTransformationException", null, null);
                    }
                    given = parseAll(p.get("EmailAddresses"));
                }
                String marked = markedPrimary(given);
                String primary;
                if (p.has("PrimarySmtpAddress")) {
                    primary = primaryAddress(p);
                    if (marked != null && !marked.equalsIgnoreCase(primary)) {
                        throw bad("SMTP:" + marked, "the primary address is already "
                                + primary + " (-PrimarySmtpAddress); give the others as smtp:");
                    }
                } else {
                    primary = marked != null ? marked : defaultAddress(alias, before);
                }
                List<String> others = new ArrayList<>();
                given.forEach(x -> others.add(x.address()));
                Mailbox m = new Mailbox(name, alias, display, primary, others, UUID.randomUUID(),
                        now, now, password);
                MailboxRules.checkDomains(m, before);
                return before.withMailbox(m);
            });
            inv.emit(ExchangeObjects.mailbox(after.mailbox(name).orElseThrow(), after));
        }

        /** What the default email address policy gives: alias@default accepted domain. */
        private static String defaultAddress(String alias, Configuration cfg) {
            for (AcceptedDomain d : cfg.acceptedDomains()) {
                if (d.isDefault() && !d.domainName().startsWith("*.")) {
                    return alias + "@" + d.domainName();
                }
            }
            throw new ShellError("Give -PrimarySmtpAddress: there is no default accepted domain"
                    + " to make an address from.", ErrorCategory.InvalidArgument,
                    "DataValidationException", null, null);
        }

        private static String alias(String value) {
            String a = value.trim();
            if (a.isEmpty() || !a.equals(Mailbox.deriveAlias(a))) {
                throw new ShellError("Cannot process argument transformation on parameter"
                        + " 'Alias'. The alias \"" + value + "\" isn't valid: use letters,"
                        + " digits and !#$%&'*+-=?^_`{|}~ with single dots between them.",
                        ErrorCategory.InvalidData,
                        "ParameterBindingArgumentTransformationException", null, null);
            }
            return a;
        }
    }

    /** Get-Mailbox [[-Identity] id]. */
    static final class Get extends ExchangeCmdlet {
        Get(ConfigRepository repo) {
            super(repo, "Get-Mailbox", List.of(identityParameter(TYPE, false)));
        }

        @Override
        public void process(Invocation inv) {
            emitFound(inv, repo.current().mailboxes(), Identities::mailboxes,
                    ExchangeObjects::mailbox);
        }
    }

    /** Set-Mailbox [-Identity] id [-DisplayName d] [-PrimarySmtpAddress a | -EmailAddresses]. */
    static final class Set extends ExchangeCmdlet {
        Set(ConfigRepository repo) {
            super(repo, "Set-Mailbox", List.of(identityParameter(TYPE, true), string("DisplayName"),
                    string("PrimarySmtpAddress"), ExchangeCmdlet.value("EmailAddresses"),
                    ExchangeCmdlet.value("Password"), ExchangeCmdlet.value("PasswordHash")));
        }

        @Override
        public void process(Invocation inv) {
            BoundParameters p = inv.params();
            if (p.has("PrimarySmtpAddress") && p.has("EmailAddresses")) {
                throw new ShellError("The parameters PrimarySmtpAddress and EmailAddresses can't"
                        + " be used together. Mark the primary in EmailAddresses with SMTP:, or"
                        + " set PrimarySmtpAddress alone.", ErrorCategory.InvalidArgument,
                        "ParameterBindingException", null, null);
            }
            Object id = p.get("Identity");
            Mailbox target = Identities.oneMailbox(repo.current(), id);
            if (!inv.shouldProcess("Configuring mailbox \"" + target.identity() + "\".")) {
                return;
            }
            boolean[] modified = {false};
            PasswordHash password = password(p, target.password());
            change(inv, before -> {
                Instant now = Instant.now();
                Mailbox m = Identities.oneMailbox(before, id);
                Mailbox updated = m;
                if (p.has("DisplayName")) {
                    String d = p.string("DisplayName");
                    if (d == null || d.isBlank()) {
                        throw new ShellError("The DisplayName parameter can't be empty.",
                                ErrorCategory.InvalidArgument, "DataValidationException", null,
                                null);
                    }
                    updated = updated.withDisplayName(d, now);
                }
                if (p.has("PrimarySmtpAddress")) {
                    updated = updated.withPrimarySmtpAddress(primaryAddress(p), now);
                }
                if (p.has("EmailAddresses")) {
                    updated = applyEmailAddresses(updated, p.get("EmailAddresses"), now);
                }
                if (p.has("Password") || p.has("PasswordHash")) {
                    updated = updated.withPassword(password, now);
                }
                if (sameContent(updated, m)) {
                    return before;
                }
                if (!updated.emailAddresses().equals(m.emailAddresses())) {
                    MailboxRules.checkDomains(updated, before);
                }
                modified[0] = true;
                return before.withMailbox(updated);
            });
            if (!modified[0]) {
                inv.warnNothingModified(target.identity());
            }
        }

        private static boolean sameContent(Mailbox a, Mailbox b) {
            return a.displayName().equals(b.displayName())
                    && a.primarySmtpAddress().equals(b.primarySmtpAddress())
                    && a.emailAddresses().equals(b.emailAddresses())
                    && Objects.equals(a.password(), b.password());
        }
    }

    /** Remove-Mailbox [-Identity] id. */
    static final class Remove extends ExchangeCmdlet {
        Remove(ConfigRepository repo) {
            super(repo, "Remove-Mailbox", List.of(identityParameter(TYPE, true)));
        }

        @Override
        public void process(Invocation inv) {
            removeOne(inv, "mailbox", Identities::oneMailbox, Mailbox::identity,
                    Configuration::withoutMailbox);
        }
    }
}
