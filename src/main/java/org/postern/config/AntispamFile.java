package org.postern.config;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The {@code antispam} section of the configuration file. */
final class AntispamFile {

    private AntispamFile() {
    }

    static Map<String, Object> encode(AntispamConfig a) {
        Map<String, Object> m = new LinkedHashMap<>();
        AntispamConfig.SenderFilter sf = a.senderFilter();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("enabled", sf.enabled());
        s.put("blockedSenders", sf.blockedSenders());
        s.put("blockedDomains", sf.blockedDomains());
        s.put("blockedDomainsAndSubdomains", sf.blockedDomainsAndSubdomains());
        m.put("senderFilter", s);
        AntispamConfig.RecipientFilter rf = a.recipientFilter();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("enabled", rf.enabled());
        r.put("recipientValidationEnabled", rf.recipientValidationEnabled());
        r.put("blockListEnabled", rf.blockListEnabled());
        r.put("blockedRecipients", rf.blockedRecipients());
        m.put("recipientFilter", r);
        AntispamConfig.SenderId si = a.senderId();
        Map<String, Object> id = new LinkedHashMap<>();
        id.put("enabled", si.enabled());
        id.put("spoofedDomainAction", si.spoofedDomainAction().name());
        id.put("tempErrorAction", si.tempErrorAction().name());
        id.put("bypassedSenderDomains", si.bypassedSenderDomains());
        m.put("senderId", id);
        m.put("ipAllowList", entries(a.allowList()));
        m.put("ipBlockList", entries(a.blockList()));
        List<Object> providers = new ArrayList<>();
        for (AntispamConfig.BlockListProvider p : a.providers()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("name", p.name());
            pm.put("guid", p.guid().toString());
            pm.put("lookupDomain", p.lookupDomain());
            pm.put("enabled", p.enabled());
            pm.put("rejectionResponse", p.rejectionResponse());
            pm.put("priority", p.priority());
            providers.add(pm);
        }
        m.put("ipBlockListProviders", providers);
        return m;
    }

    private static List<Object> entries(List<AntispamConfig.IpListEntry> list) {
        List<Object> out = new ArrayList<>();
        for (AntispamConfig.IpListEntry e : list) {
            Map<String, Object> em = new LinkedHashMap<>();
            em.put("identity", e.identity());
            em.put("ipRange", e.range().toString());
            if (e.expirationTime() != null) {
                em.put("expirationTime", e.expirationTime().toString());
            }
            em.put("comment", e.comment());
            out.add(em);
        }
        return out;
    }

    /** Settings missing from the file keep their defaults. */
    @SuppressWarnings("unchecked")
    static AntispamConfig decode(Map<String, Object> m) {
        try {
            AntispamConfig a = AntispamConfig.defaults();
            Map<String, Object> s = (Map<String, Object>) m.get("senderFilter");
            if (s != null) {
                a = a.withSenderFilter(new AntispamConfig.SenderFilter(
                        !Boolean.FALSE.equals(s.get("enabled")), strings(s, "blockedSenders"),
                        strings(s, "blockedDomains"), strings(s, "blockedDomainsAndSubdomains")));
            }
            Map<String, Object> r = (Map<String, Object>) m.get("recipientFilter");
            if (r != null) {
                a = a.withRecipientFilter(new AntispamConfig.RecipientFilter(
                        !Boolean.FALSE.equals(r.get("enabled")),
                        Boolean.TRUE.equals(r.get("recipientValidationEnabled")),
                        Boolean.TRUE.equals(r.get("blockListEnabled")),
                        strings(r, "blockedRecipients")));
            }
            Map<String, Object> id = (Map<String, Object>) m.get("senderId");
            if (id != null) {
                a = a.withSenderId(new AntispamConfig.SenderId(
                        !Boolean.FALSE.equals(id.get("enabled")),
                        action(id, "spoofedDomainAction"), action(id, "tempErrorAction"),
                        strings(id, "bypassedSenderDomains")));
            }
            a = a.withAllowList(entries(m.get("ipAllowList")));
            a = a.withBlockList(entries(m.get("ipBlockList")));
            List<AntispamConfig.BlockListProvider> providers = new ArrayList<>();
            for (Object o : (List<Object>) m.getOrDefault("ipBlockListProviders", List.of())) {
                Map<String, Object> pm = (Map<String, Object>) o;
                providers.add(new AntispamConfig.BlockListProvider((String) pm.get("name"),
                        UUID.fromString((String) pm.get("guid")),
                        (String) pm.get("lookupDomain"), !Boolean.FALSE.equals(pm.get("enabled")),
                        (String) pm.get("rejectionResponse"),
                        ((Number) pm.getOrDefault("priority", providers.size() + 1)).intValue()));
            }
            return a.withProviders(providers);
        } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("antispam: " + e.getMessage(), e);
        }
    }

    private static AntispamConfig.SenderIdAction action(Map<String, Object> m, String key) {
        return AntispamConfig.SenderIdAction.valueOf((String) m.getOrDefault(key,
                AntispamConfig.SenderIdAction.StampStatus.name()));
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Map<String, Object> m, String key) {
        return (List<String>) m.getOrDefault(key, List.of());
    }

    @SuppressWarnings("unchecked")
    private static List<AntispamConfig.IpListEntry> entries(Object raw) {
        List<AntispamConfig.IpListEntry> out = new ArrayList<>();
        if (raw == null) {
            return out;
        }
        for (Object o : (List<Object>) raw) {
            Map<String, Object> em = (Map<String, Object>) o;
            Object exp = em.get("expirationTime");
            out.add(new AntispamConfig.IpListEntry(((Number) em.get("identity")).intValue(),
                    IpRange.parse((String) em.get("ipRange")),
                    exp == null ? null : Instant.parse((String) exp),
                    (String) em.get("comment")));
        }
        return out;
    }
}
