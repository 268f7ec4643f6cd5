package org.postern.permission;

/**
 * One access control entry on a receive connector: a principal is allowed (or denied) one
 * extended right. {@code group} names the permission group that wrote the entry, or is null for
 * an entry added directly with Add-ADPermission.
 */
public record AccessEntry(Principal principal, ExtendedRight right, boolean deny,
        PermissionGroup group) {

    public boolean isExplicit() {
        return group == null;
    }

    /** Same principal, right and allow/deny, whoever wrote it. */
    public boolean sameGrant(AccessEntry other) {
        return principal.equals(other.principal) && right == other.right && deny == other.deny;
    }
}
