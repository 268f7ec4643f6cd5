package org.postern.permission;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The access entries of one receive connector and the permission groups that wrote them.
 * Immutable: every change returns a new Acl.
 *
 * <p>Evaluation follows the Windows rules Exchange uses, restricted to explicit entries: a right
 * is granted to a session when an allow entry for one of its principals exists and no deny entry
 * for one of its principals does (deny wins).
 */
public final class Acl {

    private final EnumSet<PermissionGroup> groups;
    private final List<AccessEntry> entries;
    private final boolean edited;

    private Acl(EnumSet<PermissionGroup> groups, List<AccessEntry> entries, boolean edited) {
        this.groups = groups;
        this.entries = List.copyOf(entries);
        this.edited = edited;
    }

    /** An Acl restored from storage. */
    public static Acl of(Collection<PermissionGroup> groups, List<AccessEntry> entries,
            boolean edited) {
        EnumSet<PermissionGroup> g = EnumSet.noneOf(PermissionGroup.class);
        g.addAll(groups);
        g.remove(PermissionGroup.None);
        g.remove(PermissionGroup.Custom);
        return new Acl(g, entries, edited);
    }

    /** No groups and no entries: a connector that accepts no mail. */
    public static Acl empty() {
        return new Acl(EnumSet.noneOf(PermissionGroup.class), List.of(), false);
    }

    /**
     * Sets the permission groups: the entries of groups no longer listed are removed, those of
     * the listed groups are written afresh, explicit entries stay.
     */
    public Acl withGroups(Collection<PermissionGroup> newGroups, String netbiosDomain) {
        EnumSet<PermissionGroup> g = EnumSet.noneOf(PermissionGroup.class);
        g.addAll(newGroups);
        g.remove(PermissionGroup.None);
        g.remove(PermissionGroup.Custom);
        List<AccessEntry> out = new ArrayList<>();
        for (PermissionGroup group : g) {
            out.addAll(group.entries(netbiosDomain));
        }
        boolean anyExplicit = false;
        for (AccessEntry e : entries) {
            if (e.isExplicit()) {
                out.add(e);
                anyExplicit = true;
            }
        }
        return new Acl(g, out, anyExplicit);
    }

    /** Adds an explicit entry (Add-ADPermission). An identical explicit entry is not doubled. */
    public Acl with(AccessEntry entry) {
        List<AccessEntry> out = new ArrayList<>(entries);
        boolean present = false;
        for (AccessEntry e : entries) {
            present |= e.isExplicit() && e.sameGrant(entry);
        }
        if (!present) {
            out.add(new AccessEntry(entry.principal(), entry.right(), entry.deny(), null));
        }
        return new Acl(groups, out, true);
    }

    /**
     * Removes every entry, explicit or written by a group, that grants the same right to the same
     * principal with the same allow/deny (Remove-ADPermission).
     */
    public Acl without(AccessEntry entry) {
        List<AccessEntry> out = new ArrayList<>();
        for (AccessEntry e : entries) {
            if (!e.sameGrant(entry)) {
                out.add(e);
            }
        }
        return new Acl(groups, out, true);
    }

    /** Whether any entry grants (or denies) this right to this principal. */
    public boolean contains(AccessEntry entry) {
        for (AccessEntry e : entries) {
            if (e.sameGrant(entry)) {
                return true;
            }
        }
        return false;
    }

    /** The groups as stored, without Custom. */
    public Set<PermissionGroup> storedGroups() {
        return EnumSet.copyOf(groups.isEmpty() ? EnumSet.of(PermissionGroup.None) : groups);
    }

    /** PermissionGroups as Get-ReceiveConnector shows it: {@code Custom} added once edited. */
    public Set<PermissionGroup> displayGroups() {
        EnumSet<PermissionGroup> shown = EnumSet.copyOf(groups.isEmpty() && !edited
                ? EnumSet.of(PermissionGroup.None) : EnumSet.noneOf(PermissionGroup.class));
        shown.addAll(groups);
        if (edited) {
            shown.add(PermissionGroup.Custom);
        }
        return shown;
    }

    public boolean isEdited() {
        return edited;
    }

    public List<AccessEntry> entries() {
        return entries;
    }

    /** The rights a session running as these principals holds. */
    public Set<ExtendedRight> effectiveRights(Collection<Principal> principals) {
        EnumSet<ExtendedRight> rights = EnumSet.noneOf(ExtendedRight.class);
        for (Map.Entry<ExtendedRight, Decision> e : explain(principals).entrySet()) {
            if (e.getValue().granted()) {
                rights.add(e.getKey());
            }
        }
        return rights;
    }

    /** For every right some entry speaks of: whether it is granted, and by which entries. */
    public Map<ExtendedRight, Decision> explain(Collection<Principal> principals) {
        Map<ExtendedRight, List<AccessEntry>> allows = new EnumMap<>(ExtendedRight.class);
        Map<ExtendedRight, List<AccessEntry>> denies = new EnumMap<>(ExtendedRight.class);
        for (AccessEntry e : entries) {
            if (principals.contains(e.principal())) {
                (e.deny() ? denies : allows).computeIfAbsent(e.right(), r -> new ArrayList<>())
                        .add(e);
            }
        }
        Map<ExtendedRight, Decision> out = new EnumMap<>(ExtendedRight.class);
        for (ExtendedRight r : ExtendedRight.values()) {
            List<AccessEntry> a = allows.getOrDefault(r, List.of());
            List<AccessEntry> d = denies.getOrDefault(r, List.of());
            if (!a.isEmpty() || !d.isEmpty()) {
                out.put(r, new Decision(d.isEmpty(), a, d));
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Acl && ((Acl) o).groups.equals(groups)
                && ((Acl) o).entries.equals(entries) && ((Acl) o).edited == edited;
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    /** Why a right is or is not held: the allow and deny entries that matched. */
    public record Decision(boolean granted, List<AccessEntry> allowedBy,
            List<AccessEntry> deniedBy) {
    }
}
