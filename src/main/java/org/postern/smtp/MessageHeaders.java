package org.postern.smtp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postern.permission.ExtendedRight;
import org.postern.queue.HeaderFields;
import org.postern.queue.HeaderFields.Field;
import org.postern.queue.HeaderFields.HeaderClass;

/**
 * What happens to the client's header section before it is stored, in this order (continuation
 * lines before the first field are dropped: they would fold into Postern's Received field):
 * <ol>
 *   <li>the hop counts: every top-level {@code Received:} field (any case, a folded one once)
 *       against MaxHopCount, and those whose {@code by} names this server against
 *       MaxLocalHopCount (0 switches that check off). They are counted on the header as it
 *       arrived, before the firewall: a session without ms-Exch-Accept-Headers-Routing would
 *       otherwise never see a loop. Over a limit the message is refused with 554 5.4.6;</li>
 *   <li>the header firewall ({@link HeaderFirewall});</li>
 *   <li>sender resolution for Internal messages ({@link SenderResolution});</li>
 *   <li>the stamps ({@link AuthStamps}), appended after the client's fields. A stamp that
 *       passed the firewall (the session holds ms-Exch-Accept-Headers-Organization, so it
 *       vouches for it) is kept instead of stamped again.</li>
 * </ol>
 * Pure: everything the session knows comes in as a {@link Context}.
 */
final class MessageHeaders {

    private MessageHeaders() {
    }

    /**
     * The session's side of the rewrite.
     *
     * @param rights the session's extended rights
     * @param identity who the session is for the stamps
     * @param authSource the FQDN of the accepting server
     * @param clientIp the client's address as text
     * @param maxHopCount MaxHopCount of the connector
     * @param maxLocalHopCount MaxLocalHopCount of the connector, 0 for no check
     * @param localNames names and addresses of this server (lower case) for local hops
     * @param displayName the display name of the mailbox that owns an address, if one does
     * @param guids where a new Network-Message-Id comes from
     */
    record Context(Set<ExtendedRight> rights, AuthStamps.Identity identity, String authSource,
            String clientIp, int maxHopCount, int maxLocalHopCount, Set<String> localNames,
            Function<String, Optional<String>> displayName, Supplier<String> guids) {
    }

    /**
     * The result.
     *
     * @param block the header section to store (CRLF lines), or null when refused
     * @param refusal the reply refusing the message, or null
     * @param reason why, in words, for the log
     * @param hops Received fields counted
     * @param removed fields the firewall removed, per class
     * @param networkMessageId the message's Network-Message-Id (stamped or kept)
     * @param senderResolved whether From now carries a mailbox's display name
     */
    record Outcome(byte[] block, Reply refusal, String reason, int hops,
            Map<HeaderClass, Integer> removed, String networkMessageId,
            boolean senderResolved) {

        int removedCount() {
            int n = 0;
            for (int c : removed.values()) {
                n += c;
            }
            return n;
        }
    }

    private static final Pattern BY = Pattern.compile("(?i)(?:^|[\\s)])by\\s+([^\\s;()]+)");

    static Outcome rewrite(byte[] block, int length, Context ctx) {
        List<Field> fields = HeaderFields.parse(block, length);
        int hops = 0;
        int localHops = 0;
        for (Field f : fields) {
            if (f.is("Received")) {
                hops++;
                if (isLocal(f, ctx.localNames())) {
                    localHops++;
                }
            }
        }
        if (hops > ctx.maxHopCount()) {
            return refused(hops, hops + " Received fields, MaxHopCount is "
                    + ctx.maxHopCount());
        }
        if (ctx.maxLocalHopCount() > 0 && localHops > ctx.maxLocalHopCount()) {
            return refused(hops, localHops + " Received fields by this server,"
                    + " MaxLocalHopCount is " + ctx.maxLocalHopCount());
        }
        HeaderFirewall.Result passed = HeaderFirewall.apply(fields, ctx.rights());
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 512);
        Set<String> present = new HashSet<>();
        boolean resolved = false;
        boolean internal = ctx.identity().authAs() == AuthStamps.AuthAs.Internal;
        boolean fromSeen = false;
        String networkId = null;
        for (Field f : passed.kept()) {
            if (f.name().isEmpty()) {
                // Continuation lines before any field: stored, they would continue Postern's
                // own Received field. They belong to no field, so they go.
                continue;
            }
            Field written = f;
            if (f.is("From") && !fromSeen) {
                fromSeen = true;
                if (internal) {
                    Optional<Field> r = SenderResolution.resolve(f, ctx.displayName());
                    if (r.isPresent()) {
                        written = r.get();
                        resolved = true;
                    }
                }
            }
            if (HeaderFields.classify(f.name()) == HeaderClass.ORGANIZATION) {
                present.add(f.name().toLowerCase(Locale.ROOT));
                if (f.is(AuthStamps.NETWORK_MESSAGE_ID) && networkId == null) {
                    networkId = f.value();
                }
            }
            out.writeBytes(written.raw());
        }
        if (networkId == null) {
            networkId = ctx.guids().get();
        }
        for (String stamp : AuthStamps.fields(ctx.identity(), ctx.authSource(), ctx.clientIp(),
                networkId, ctx.rights().contains(ExtendedRight.BYPASS_ANTI_SPAM))) {
            if (!present.contains(AuthStamps.nameOf(stamp).toLowerCase(Locale.ROOT))) {
                out.writeBytes((stamp + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
        return new Outcome(out.toByteArray(), null, null, hops, passed.removed(), networkId,
                resolved);
    }

    private static Outcome refused(int hops, String reason) {
        return new Outcome(null, Replies.HOP_COUNT_EXCEEDED, reason, hops, Map.of(), null,
                false);
    }

    /** Whether a Received field's {@code by} part names this server. */
    static boolean isLocal(Field received, Set<String> localNames) {
        Matcher m = BY.matcher(received.value());
        if (!m.find()) {
            return false;
        }
        String by = m.group(1).toLowerCase(Locale.ROOT);
        if (by.startsWith("[") && by.endsWith("]")) {
            by = by.substring(1, by.length() - 1);
        }
        if (by.endsWith(".")) {
            by = by.substring(0, by.length() - 1);
        }
        return localNames.contains(by);
    }
}
