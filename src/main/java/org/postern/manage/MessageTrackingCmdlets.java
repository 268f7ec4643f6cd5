package org.postern.manage;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.postern.config.ConfigRepository;
import org.postern.config.Configuration;
import org.postern.log.MessageTrackingLog;
import org.postern.log.TrackingEvent;
import org.postern.log.TrackingQuery;
import org.postern.shell.BoundParameters;
import org.postern.shell.ErrorCategory;
import org.postern.shell.GetDate;
import org.postern.shell.Invocation;
import org.postern.shell.Parameter;
import org.postern.shell.ShellError;

/**
 * Get-MessageTrackingLog: the events of this server's message tracking log that meet every
 * criterion given, oldest first, as MessageTrackingEvent objects.
 */
final class MessageTrackingCmdlets {

    private MessageTrackingCmdlets() {
    }

    static List<ExchangeCmdlet> all(ConfigRepository repo, MessageTrackingLog tracking) {
        return List.of(new GetMessageTrackingLog(repo, tracking));
    }

    /**
     * Get-MessageTrackingLog [-Sender a] [-Recipients a,b] [-MessageId id] [-InternalMessageId n]
     * [-NetworkMessageId g] [-EventId e] [-Source s] [-Reference id] [-MessageSubject text]
     * [-Start date] [-End date] [-Server s] [-ResultSize n|Unlimited]. Addresses and ids match
     * without regard to case, -MessageSubject matches a part of the subject, -Start is
     * inclusive and -End exclusive; -Start and -End take a DateTime ({@code (Get-Date)
     * .AddHours(-1)}) or the text forms admins type ({@code "12/3/2026 9:00 AM"},
     * {@code 2026-12-03}), in the server's time zone.
     */
    static final class GetMessageTrackingLog extends ExchangeCmdlet {
        private final MessageTrackingLog tracking;

        GetMessageTrackingLog(ConfigRepository repo, MessageTrackingLog tracking) {
            super(repo, "Get-MessageTrackingLog", List.of(
                    string("Sender"),
                    Parameter.named("Recipients").type(Parameter.Type.STRING).array().build(),
                    string("MessageId"), string("InternalMessageId"), string("NetworkMessageId"),
                    string("EventId"), string("Source"), string("Reference"),
                    string("MessageSubject"), value("Start"), value("End"), value("Server"),
                    value("ResultSize")));
            this.tracking = tracking;
        }

        private static Parameter string(String name) {
            return Parameter.named(name).type(Parameter.Type.STRING).build();
        }

        @Override
        protected String taskArea() {
            return "TransportLogSearchTasks";
        }

        @Override
        public void process(Invocation inv) {
            BoundParameters p = inv.params();
            Configuration cfg = repo.current();
            if (p.has("Server")) {
                String s = Identities.text(p.get("Server")).trim();
                if (!s.equalsIgnoreCase(cfg.server().name())
                        && !s.equalsIgnoreCase(cfg.server().fqdn())) {
                    throw Identities.notFound(s, cfg);
                }
            }
            Long internalId = null;
            if (p.has("InternalMessageId")) {
                String text = p.string("InternalMessageId").trim();
                try {
                    internalId = Long.parseLong(text);
                } catch (NumberFormatException e) {
                    throw new ShellError("Cannot process argument transformation on parameter"
                            + " 'InternalMessageId'. The value \"" + text + "\" isn't an"
                            + " internal message id: use the number the tracking log shows.",
                            ErrorCategory.InvalidData,
                            "ParameterBindingArgumentTransformationException", null,
                            "ParameterArgumentTransformationError");
                }
            }
            List<String> recipients = new ArrayList<>();
            for (Object r : p.list("Recipients")) {
                recipients.add(String.valueOf(r).trim());
            }
            Instant start = p.has("Start") ? GetDate.toDate("Start", p.get("Start")).instant()
                    : null;
            Instant end = p.has("End") ? GetDate.toDate("End", p.get("End")).instant() : null;
            int size = QueueCmdlets.resultSize(p, TrackingQuery.DEFAULT_RESULT_SIZE);
            String source = p.string("Source");
            String network = p.string("NetworkMessageId");
            String reference = p.string("Reference");
            boolean afterwards = source != null || network != null || reference != null;
            TrackingQuery q = new TrackingQuery(trimmed(p.string("Sender")), recipients,
                    trimmed(p.string("MessageId")), internalId, trimmed(p.string("EventId")),
                    p.string("MessageSubject"), start, end, afterwards ? 0 : size);
            List<TrackingEvent> events;
            try {
                events = tracking.search(q);
            } catch (IOException e) {
                throw new ShellError("The message tracking log in " + tracking.directory()
                        + " couldn't be read: " + e.getMessage(), ErrorCategory.ReadError,
                        "IOException", null, null);
            }
            int emitted = 0;
            for (TrackingEvent e : events) {
                if (afterwards && !(same(source, e.source()) && same(network,
                        e.networkMessageId()) && same(reference, e.reference()))) {
                    continue;
                }
                if (size > 0 && emitted == size) {
                    break;
                }
                inv.emit(QueueObjects.trackingEvent(e));
                emitted++;
            }
        }

        private static String trimmed(String s) {
            return s == null ? null : s.trim();
        }

        /** A criterion given matches the field without regard to case; none matches all. */
        private static boolean same(String wanted, String field) {
            return wanted == null || wanted.trim().equalsIgnoreCase(field == null ? ""
                    : field.trim());
        }
    }
}
