package org.postern.config;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * A mailbox (New-Mailbox): a local recipient Postern delivers to. {@code emailAddresses} holds
 * every SMTP address of the mailbox without prefix, the primary first; the primary is also
 * {@code primarySmtpAddress}. Exchange shows them as proxy addresses: {@code SMTP:} (upper case)
 * for the primary, {@code smtp:} for the others ({@link #proxyAddresses()}).
 *
 * <p>{@code password} is the salted hash a client's SMTP AUTH is checked against, or null when
 * no password was set (nobody can sign in as the mailbox then). The clear password is never
 * part of the model.
 */
public record Mailbox(String name, String alias, String displayName, String primarySmtpAddress,
        List<String> emailAddresses, UUID guid, Instant whenCreated, Instant whenChanged,
        PasswordHash password) {

    public Mailbox {
        Objects.requireNonNull(name);
        Objects.requireNonNull(alias);
        Objects.requireNonNull(displayName);
        Objects.requireNonNull(primarySmtpAddress);
        Objects.requireNonNull(guid);
        List<String> all = new ArrayList<>();
        all.add(primarySmtpAddress);
        for (String a : emailAddresses) {
            if (!containsIgnoreCase(all, a)) {
                all.add(a);
            }
        }
        emailAddresses = List.copyOf(all);
    }

    /** A mailbox without a password. */
    public Mailbox(String name, String alias, String displayName, String primarySmtpAddress,
            List<String> emailAddresses, UUID guid, Instant whenCreated, Instant whenChanged) {
        this(name, alias, displayName, primarySmtpAddress, emailAddresses, guid, whenCreated,
                whenChanged, null);
    }

    /** A new mailbox; the alias is derived from the name as Exchange does. */
    public static Mailbox create(String name, String displayName, String primarySmtpAddress,
            List<String> otherAddresses, Instant now) {
        return new Mailbox(name, deriveAlias(name), displayName, primarySmtpAddress,
                otherAddresses, UUID.randomUUID(), now, now);
    }

    /**
     * Exchange's alias for a recipient created without -Alias: the name with spaces removed and
     * every character an alias can't hold replaced by {@code ?}; leading, trailing and repeated
     * dots are dropped. Postern also replaces {@code /}, so the alias can name a folder.
     *
     * @throws IllegalArgumentException when nothing usable is left of the name
     */
    public static String deriveAlias(String name) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isWhitespace(c)) {
                continue;
            }
            if (c == '.' && (sb.length() == 0 || sb.charAt(sb.length() - 1) == '.')) {
                continue;
            }
            boolean ok = c < 128
                    && (Character.isLetterOrDigit(c) || "!#$%&'*+-=?^_`{|}~.".indexOf(c) >= 0);
            sb.append(ok ? c : '?');
        }
        while (sb.length() > 0 && sb.charAt(sb.length() - 1) == '.') {
            sb.setLength(sb.length() - 1);
        }
        if (sb.length() == 0 || sb.toString().chars().allMatch(ch -> ch == '?')) {
            throw new IllegalArgumentException("No alias can be made from the name \"" + name
                    + "\": give a name with letters or digits.");
        }
        return sb.length() > 64 ? sb.substring(0, 64) : sb.toString();
    }

    /** The identity Exchange shows for a mailbox on a single server: its name. */
    public String identity() {
        return name;
    }

    /**
     * The name of this mailbox's Maildir folder under the data directory's mailbox folder: the
     * alias in lower case. Stable for the mailbox's life (Postern has no way to change an alias)
     * and unique (aliases are unique ignoring case, see {@link MailboxRules}); it is one path
     * segment, since an alias holds no {@code /} and can't be {@code .} or {@code ..}. The
     * management side and the delivery side both name the folder through this method.
     */
    public String maildirFolderName() {
        return alias.toLowerCase(Locale.ROOT);
    }

    /** Whether an address (any case) is one of this mailbox's addresses. */
    public boolean hasAddress(String address) {
        return containsIgnoreCase(emailAddresses, address);
    }

    /**
     * Whether a client may sign in as this mailbox with {@code login}: any of its SMTP
     * addresses (the primary one is also what Exchange's default user principal name looks
     * like), or {@code DOMAIN\alias} with the organisation's NetBIOS domain; case does not
     * matter. The alias alone is not taken: Exchange's basic authentication needs the domain.
     */
    public boolean signsInAs(String login, String netbiosDomain) {
        int slash = login.indexOf('\\');
        if (slash > 0) {
            return login.substring(0, slash).equalsIgnoreCase(netbiosDomain)
                    && login.substring(slash + 1).equalsIgnoreCase(alias);
        }
        return hasAddress(login);
    }

    /** {@code SMTP:primary} then {@code smtp:other} for each other address. */
    public List<String> proxyAddresses() {
        List<String> out = new ArrayList<>();
        for (String a : emailAddresses) {
            out.add((a.equalsIgnoreCase(primarySmtpAddress) ? "SMTP:" : "smtp:") + a);
        }
        return out;
    }

    public Mailbox withDisplayName(String value, Instant now) {
        return new Mailbox(name, alias, value, primarySmtpAddress, emailAddresses, guid,
                whenCreated, now, password);
    }

    /**
     * With a new primary address; the old primary stays as a secondary address, as in Exchange.
     */
    public Mailbox withPrimarySmtpAddress(String value, Instant now) {
        return new Mailbox(name, alias, displayName, value, emailAddresses, guid, whenCreated,
                now, password);
    }

    /** With exactly these addresses; the primary is the given one. */
    public Mailbox withEmailAddresses(String primary, List<String> addresses, Instant now) {
        return new Mailbox(name, alias, displayName, primary, addresses, guid, whenCreated, now,
                password);
    }

    /** With a new password hash (null: no password). */
    public Mailbox withPassword(PasswordHash value, Instant now) {
        return new Mailbox(name, alias, displayName, primarySmtpAddress, emailAddresses, guid,
                whenCreated, now, value);
    }

    /** Never the password hash: records print their components. */
    @Override
    public String toString() {
        return "Mailbox[" + name + ", " + primarySmtpAddress
                + (password == null ? "" : ", password") + "]";
    }

    private static boolean containsIgnoreCase(List<String> list, String value) {
        for (String s : list) {
            if (s.equalsIgnoreCase(value)) {
                return true;
            }
        }
        return false;
    }
}
