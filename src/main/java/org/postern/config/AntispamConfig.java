package org.postern.config;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The antispam agents' settings, what Exchange keeps per server for its transport agents:
 * Get-/Set-SenderFilterConfig, Get-/Set-RecipientFilterConfig, the IP Allow and IP Block lists
 * of the Connection Filtering agent (Add-/Remove-IPAllowListEntry, -IPBlockListEntry) and its
 * IP Block list providers (DNS block lists), and Get-/Set-SenderIdConfig. Immutable; a change
 * makes a new value.
 */
public record AntispamConfig(SenderFilter senderFilter, RecipientFilter recipientFilter,
        List<IpListEntry> allowList, List<IpListEntry> blockList,
        List<BlockListProvider> providers, SenderId senderId) {

    public AntispamConfig {
        Objects.requireNonNull(senderFilter);
        Objects.requireNonNull(recipientFilter);
        Objects.requireNonNull(senderId);
        allowList = List.copyOf(allowList);
        blockList = List.copyOf(blockList);
        providers = List.copyOf(providers);
    }

    /** Exchange's defaults once the agents are installed: filters on, every list empty. */
    public static AntispamConfig defaults() {
        return new AntispamConfig(SenderFilter.defaults(), RecipientFilter.defaults(),
                List.of(), List.of(), List.of(), SenderId.defaults());
    }

    public AntispamConfig withSenderFilter(SenderFilter f) {
        return new AntispamConfig(f, recipientFilter, allowList, blockList, providers,
                senderId);
    }

    public AntispamConfig withRecipientFilter(RecipientFilter f) {
        return new AntispamConfig(senderFilter, f, allowList, blockList, providers,
                senderId);
    }

    public AntispamConfig withAllowList(List<IpListEntry> entries) {
        return new AntispamConfig(senderFilter, recipientFilter, entries, blockList, providers,
                senderId);
    }

    public AntispamConfig withBlockList(List<IpListEntry> entries) {
        return new AntispamConfig(senderFilter, recipientFilter, allowList, entries, providers,
                senderId);
    }

    public AntispamConfig withProviders(List<BlockListProvider> list) {
        return new AntispamConfig(senderFilter, recipientFilter, allowList, blockList, list,
                senderId);
    }

    public AntispamConfig withSenderId(SenderId s) {
        return new AntispamConfig(senderFilter, recipientFilter, allowList, blockList, providers,
                s);
    }

    /** The provider with this name (ignoring case) or GUID. */
    public Optional<BlockListProvider> provider(String nameOrGuid) {
        for (BlockListProvider p : providers) {
            if (p.name().equalsIgnoreCase(nameOrGuid)
                    || p.guid().toString().equalsIgnoreCase(nameOrGuid)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The next free Identity of an IP list: one more than the largest in use. */
    public static int nextIdentity(List<IpListEntry> list) {
        int max = 0;
        for (IpListEntry e : list) {
            max = Math.max(max, e.identity());
        }
        return max + 1;
    }

    /** The providers in order of Priority (1 first). */
    public List<BlockListProvider> providersByPriority() {
        List<BlockListProvider> out = new ArrayList<>(providers);
        out.sort((a, b) -> Integer.compare(a.priority(), b.priority()));
        return out;
    }

    /**
     * Set-SenderFilterConfig: a blocked sender is refused at MAIL FROM.
     *
     * @param blockedSenders whole addresses
     * @param blockedDomains domains whose senders are refused (not their subdomains)
     * @param blockedDomainsAndSubdomains domains refused with every subdomain
     */
    public record SenderFilter(boolean enabled, List<String> blockedSenders,
            List<String> blockedDomains, List<String> blockedDomainsAndSubdomains) {

        public SenderFilter {
            blockedSenders = lower(blockedSenders);
            blockedDomains = lower(blockedDomains);
            blockedDomainsAndSubdomains = lower(blockedDomainsAndSubdomains);
            blockedSenders.forEach(a -> checkAddress("BlockedSenders", a));
            blockedDomains.forEach(d -> checkDomain("BlockedDomains", d));
            blockedDomainsAndSubdomains.forEach(d -> checkDomain("BlockedDomainsAndSubdomains",
                    d));
        }

        public static SenderFilter defaults() {
            return new SenderFilter(true, List.of(), List.of(), List.of());
        }

        public SenderFilter withEnabled(Boolean v) {
            return new SenderFilter(v, blockedSenders, blockedDomains,
                    blockedDomainsAndSubdomains);
        }

        public SenderFilter withBlockedSenders(List<String> v) {
            return new SenderFilter(enabled, v, blockedDomains, blockedDomainsAndSubdomains);
        }

        public SenderFilter withBlockedDomains(List<String> v) {
            return new SenderFilter(enabled, blockedSenders, v, blockedDomainsAndSubdomains);
        }

        public SenderFilter withBlockedDomainsAndSubdomains(List<String> v) {
            return new SenderFilter(enabled, blockedSenders, blockedDomains, v);
        }
    }

    /**
     * Set-RecipientFilterConfig. Recipient lookup (RecipientValidationEnabled) and the blocked
     * recipients (BlockListEnabled, BlockedRecipients) apply to Authoritative accepted domains.
     */
    public record RecipientFilter(boolean enabled, boolean recipientValidationEnabled,
            boolean blockListEnabled, List<String> blockedRecipients) {

        public RecipientFilter {
            blockedRecipients = lower(blockedRecipients);
            blockedRecipients.forEach(a -> checkAddress("BlockedRecipients", a));
        }

        /** Exchange's defaults: the agent on, lookup and block list off. */
        public static RecipientFilter defaults() {
            return new RecipientFilter(true, false, false, List.of());
        }

        public RecipientFilter withEnabled(Boolean v) {
            return new RecipientFilter(v, recipientValidationEnabled, blockListEnabled,
                    blockedRecipients);
        }

        public RecipientFilter withRecipientValidationEnabled(Boolean v) {
            return new RecipientFilter(enabled, v, blockListEnabled, blockedRecipients);
        }

        public RecipientFilter withBlockListEnabled(Boolean v) {
            return new RecipientFilter(enabled, recipientValidationEnabled, v,
                    blockedRecipients);
        }

        public RecipientFilter withBlockedRecipients(List<String> v) {
            return new RecipientFilter(enabled, recipientValidationEnabled, blockListEnabled, v);
        }
    }

    /** SpoofedDomainAction and TempErrorAction of Set-SenderIdConfig. */
    public enum SenderIdAction {
        /** Accept, and stamp the result into the message. */
        StampStatus,
        /** Refuse the MAIL command. */
        Reject,
        /** Exchange accepts and silently deletes the message. */
        Delete
    }

    /**
     * Set-SenderIdConfig: the Sender ID agent's actions and the senders it does not check.
     *
     * <p>Shortcoming: Delete is refused. Exchange acknowledges the message and then discards
     * it; in Postern an acknowledged message is on disk and goes to delivery, and dropping it
     * there needs a discard step in the DATA path that does not exist yet.
     *
     * <p>Shortcoming: Exchange's BypassedRecipients, ExternalMailEnabled and
     * InternalMailEnabled are not offered: Postern checks at MAIL FROM, before any recipient
     * is known, and every session that does not bypass antispam is checked.
     *
     * @param bypassedSenderDomains domains whose senders are not checked (not subdomains)
     */
    public record SenderId(boolean enabled, SenderIdAction spoofedDomainAction,
            SenderIdAction tempErrorAction, List<String> bypassedSenderDomains) {

        public SenderId {
            Objects.requireNonNull(spoofedDomainAction);
            Objects.requireNonNull(tempErrorAction);
            noDelete("SpoofedDomainAction", spoofedDomainAction);
            noDelete("TempErrorAction", tempErrorAction);
            bypassedSenderDomains = lower(bypassedSenderDomains);
            bypassedSenderDomains.forEach(d -> checkDomain("BypassedSenderDomains", d));
        }

        /** Exchange's defaults: on, both actions StampStatus, nobody bypassed. */
        public static SenderId defaults() {
            return new SenderId(true, SenderIdAction.StampStatus, SenderIdAction.StampStatus,
                    List.of());
        }

        public SenderId withEnabled(Boolean v) {
            return new SenderId(v, spoofedDomainAction, tempErrorAction, bypassedSenderDomains);
        }

        public SenderId withSpoofedDomainAction(SenderIdAction v) {
            return new SenderId(enabled, v, tempErrorAction, bypassedSenderDomains);
        }

        public SenderId withTempErrorAction(SenderIdAction v) {
            return new SenderId(enabled, spoofedDomainAction, v, bypassedSenderDomains);
        }

        public SenderId withBypassedSenderDomains(List<String> v) {
            return new SenderId(enabled, spoofedDomainAction, tempErrorAction, v);
        }

        /** Whether a MAIL FROM domain is not to be checked. */
        public boolean bypassed(String domain) {
            return bypassedSenderDomains.contains(domain.toLowerCase(Locale.ROOT));
        }

        private static void noDelete(String parameter, SenderIdAction a) {
            if (a == SenderIdAction.Delete) {
                throw new IllegalArgumentException("The " + parameter + " value \"Delete\" isn't"
                        + " supported by Postern: a message it acknowledges is always delivered."
                        + " Use StampStatus or Reject.");
            }
        }
    }

    /**
     * One entry of the IP Allow list or the IP Block list.
     *
     * @param identity the entry's number, as Exchange numbers them (1, 2, ...)
     * @param expirationTime when the entry stops applying, or null for never
     * @param comment free text, or empty
     */
    public record IpListEntry(int identity, IpRange range, Instant expirationTime,
            String comment) {

        public IpListEntry {
            Objects.requireNonNull(range);
            comment = comment == null ? "" : comment;
        }

        /** Whether the entry applies to this client now. */
        public boolean matches(InetAddress client, Instant now) {
            return (expirationTime == null || now.isBefore(expirationTime))
                    && range.contains(client);
        }
    }

    /**
     * An IP Block list provider (Add-IPBlockListProvider): a DNS block list looked up by the
     * client's reversed IPv4 address under LookupDomain.
     *
     * @param rejectionResponse the text of the 550 5.7.1 reply, or empty for the default
     */
    public record BlockListProvider(String name, UUID guid, String lookupDomain,
            boolean enabled, String rejectionResponse, int priority) {

        public BlockListProvider {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("The Name of an IP Block list provider"
                        + " can't be empty.");
            }
            Objects.requireNonNull(guid);
            lookupDomain = lookupDomain == null ? "" : lookupDomain.toLowerCase(Locale.ROOT);
            checkDomain("LookupDomain", lookupDomain);
            rejectionResponse = rejectionResponse == null ? "" : rejectionResponse;
            for (char c : rejectionResponse.toCharArray()) {
                if (c < 0x20 || c > 0x7e) {
                    throw new IllegalArgumentException("The RejectionResponse value \""
                            + rejectionResponse + "\" must be printable ASCII on one line.");
                }
            }
        }

        public BlockListProvider withName(String v) {
            return new BlockListProvider(v, guid, lookupDomain, enabled, rejectionResponse,
                    priority);
        }

        public BlockListProvider withLookupDomain(String v) {
            return new BlockListProvider(name, guid, v, enabled, rejectionResponse, priority);
        }

        public BlockListProvider withEnabled(Boolean v) {
            return new BlockListProvider(name, guid, lookupDomain, v, rejectionResponse,
                    priority);
        }

        public BlockListProvider withRejectionResponse(String v) {
            return new BlockListProvider(name, guid, lookupDomain, enabled, v, priority);
        }

        public BlockListProvider withPriority(Integer v) {
            return new BlockListProvider(name, guid, lookupDomain, enabled, rejectionResponse,
                    v);
        }
    }

    private static void checkAddress(String parameter, String a) {
        int at = a.lastIndexOf('@');
        if (at <= 0 || !DomainNames.isValid(a.substring(at + 1))) {
            throw new IllegalArgumentException("The " + parameter + " value \"" + a
                    + "\" isn't a valid SMTP address.");
        }
    }

    private static void checkDomain(String parameter, String d) {
        if (!DomainNames.isValid(d)) {
            throw new IllegalArgumentException("The " + parameter + " value \"" + d
                    + "\" isn't a valid domain name.");
        }
    }

    private static List<String> lower(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            String l = v.trim().toLowerCase(Locale.ROOT);
            if (!out.contains(l)) {
                out.add(l);
            }
        }
        return List.copyOf(out);
    }
}
