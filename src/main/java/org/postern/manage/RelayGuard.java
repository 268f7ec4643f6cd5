package org.postern.manage;

import java.util.ArrayList;
import java.util.List;
import org.postern.config.Configuration;
import org.postern.config.OpenRelayCheck;
import org.postern.log.Kv;
import org.postern.shell.ErrorCategory;
import org.postern.shell.Invocation;
import org.postern.shell.Parameter;
import org.postern.shell.ShellError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Postern's open-relay guard for the cmdlets that change who may relay (New-/Set-ReceiveConnector,
 * Add-/Remove-ADPermission): a change that would let sessions that don't authenticate relay to
 * any domain from public addresses is refused with the explanation of
 * {@link OpenRelayCheck.Exposure#explain()}, unless the cmdlet was given {@code -Force}. A forced
 * change prints a warning, and the server warns again at every start.
 *
 * <p>Use: {@code RelayGuard guard = new RelayGuard(inv);} then return
 * {@code guard.check(before, after)} from the change, and call {@link #warn()} once the change
 * is saved.
 */
final class RelayGuard {

    private static final Logger LOG = LoggerFactory.getLogger("postern.manage");

    /** The -Force switch the guarded cmdlets declare. */
    static Parameter force() {
        return Parameter.switchNamed("Force");
    }

    private final Invocation inv;
    private final List<OpenRelayCheck.Exposure> forced = new ArrayList<>();

    RelayGuard(Invocation inv) {
        this.inv = inv;
    }

    /** {@code after}, when it opens no relay or -Force was given; otherwise the refusal. */
    Configuration check(Configuration before, Configuration after) {
        List<OpenRelayCheck.Exposure> opened = OpenRelayCheck.opened(before, after);
        forced.clear();
        if (opened.isEmpty()) {
            return after;
        }
        if (!inv.params().bool("Force")) {
            StringBuilder why = new StringBuilder("Postern refused the change because it would"
                    + " make this server an open relay. ");
            for (OpenRelayCheck.Exposure e : opened) {
                why.append(e.explain()).append(' ');
            }
            why.append("Limit RemoteIPRanges to the hosts that must relay, or give -Force to"
                    + " make the change anyway (the server then warns at every start).");
            throw new ShellError(why.toString(), ErrorCategory.SecurityError,
                    "OpenRelayException", null, null);
        }
        forced.addAll(opened);
        return after;
    }

    /** After a forced change was saved: the warning, on screen and in the operator log. */
    void warn() {
        for (OpenRelayCheck.Exposure e : forced) {
            inv.writeWarning("-Force: " + e.explain());
            LOG.warn(Kv.format("event", "open-relay-forced", "connector",
                    e.connector().identity(), "principal", e.principal().name(), "ranges",
                    e.openEntries().toString()));
        }
        forced.clear();
    }
}
