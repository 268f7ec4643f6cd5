package org.postern.manage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import org.postern.config.ConfigRepository;
import org.postern.config.Configuration;
import org.postern.config.Unlimited;
import org.postern.config.ValueType;
import org.postern.delivery.QueueAdmin;
import org.postern.shell.BoundParameters;
import org.postern.shell.ErrorCategory;
import org.postern.shell.Invocation;
import org.postern.shell.Parameter;
import org.postern.shell.PsObject;
import org.postern.shell.ShellError;

/**
 * The queue cmdlets: Get-Queue, Get-Message, Retry-Queue, Suspend-/Resume-Queue and
 * Suspend-/Resume-/Remove-Message, on the delivery engine's {@link QueueAdmin}.
 *
 * <p>Identities are Exchange's (section (k) and shell-behaviour.md 5): a queue is
 * {@code <Server>\<NextHopDomain>} or the next hop alone, with {@code *} at the start or end of
 * either part ({@code EX01\*}); a message is {@code <Server>\<Queue>\<InternalId>}, the queue
 * part optional, or the internal id alone (every copy of the message on this server). Get-
 * cmdlets return every match; the single-object tasks refuse an identity that names several.
 * {@code -Identity} and {@code -Filter} (an OPath filter, {@link OPathFilter}) exclude each
 * other, as Exchange's parameter sets do.
 */
final class QueueCmdlets {

    /** Get-Queue's and Get-Message's default ResultSize (Exchange's). */
    static final int DEFAULT_RESULT_SIZE = 1000;

    private QueueCmdlets() {
    }

    static List<ExchangeCmdlet> all(ConfigRepository repo, QueueAdmin queues) {
        return List.of(new GetQueue(repo, queues), new GetMessage(repo, queues),
                new RetryQueue(repo, queues),
                new QueueAction(repo, queues, "Suspend-Queue", "Suspending"),
                new QueueAction(repo, queues, "Resume-Queue", "Resuming"),
                new MessageAction(repo, queues, "Suspend-Message", "Suspending"),
                new MessageAction(repo, queues, "Resume-Message", "Resuming"),
                new RemoveMessage(repo, queues));
    }

    /** What every queue cmdlet shares: the engine, the queue task class, the lookups. */
    private abstract static class QueueCmdlet extends ExchangeCmdlet {
        protected final QueueAdmin queues;

        QueueCmdlet(ConfigRepository repo, QueueAdmin queues, String name,
                List<Parameter> parameters) {
            super(repo, name, parameters);
            this.queues = queues;
        }

        @Override
        protected String taskArea() {
            return "QueueViewerTasks";
        }

        /** Every queue as an object, in the engine's order. */
        List<PsObject> queueObjects() {
            Configuration cfg = repo.current();
            List<PsObject> out = new ArrayList<>();
            for (QueueAdmin.QueueView q : queues.queues()) {
                int deferred = 0;
                if (q.status() != QueueAdmin.QueueStatus.Suspended && q.messageCount() > 0) {
                    for (QueueAdmin.MessageView m : messagesOf(q.identity())) {
                        if (m.status() == QueueAdmin.MessageStatus.Retry) {
                            deferred++;
                        }
                    }
                }
                out.add(QueueObjects.queue(q, deferred, cfg));
            }
            return out;
        }

        /** The messages of a queue the views listed (gone since: none). */
        List<QueueAdmin.MessageView> messagesOf(String queueIdentity) {
            try {
                return queues.messages(queueIdentity);
            } catch (NoSuchElementException e) {
                return List.of();
            }
        }

        /** The queues an identity names (wildcards allowed); empty when none. */
        List<PsObject> findQueues(Object identity) {
            String text = Identities.text(identity).trim();
            List<PsObject> out = new ArrayList<>();
            for (PsObject q : queueObjects()) {
                if (queueMatches(text, (String) q.get("Identity"))) {
                    out.add(q);
                }
            }
            return out;
        }

        /** Whether {@code pattern} ({@code Server\Hop}, {@code Hop}, wildcards) names a queue. */
        boolean queueMatches(String pattern, String queueIdentity) {
            int slash = queueIdentity.indexOf('\\');
            String server = queueIdentity.substring(0, slash);
            String hop = queueIdentity.substring(slash + 1);
            int p = pattern.indexOf('\\');
            if (p < 0) {
                return Identities.wildcard(pattern, hop);
            }
            return serverMatches(pattern.substring(0, p), server)
                    && Identities.wildcard(pattern.substring(p + 1), hop);
        }

        /** A server part: this server's name or FQDN, or a wildcard that matches one. */
        boolean serverMatches(String pattern, String server) {
            String fqdn = repo.current().server().fqdn();
            return Identities.wildcard(pattern, server) || Identities.wildcard(pattern, fqdn);
        }

        /** The one queue an identity names, or Exchange's error for none or several. */
        PsObject oneQueue(Object identity) {
            return Identities.one(findQueues(identity), identity, repo.current());
        }

        /** -Server: only this server has queues here; another name is not found. */
        void checkServer(BoundParameters p) {
            if (p.has("Server")) {
                String s = Identities.text(p.get("Server")).trim();
                Configuration cfg = repo.current();
                if (!s.equalsIgnoreCase(cfg.server().name())
                        && !s.equalsIgnoreCase(cfg.server().fqdn())) {
                    throw Identities.notFound(s, cfg);
                }
            }
        }

        /** The objects a -Filter keeps, after -Server is checked. */
        List<PsObject> filtered(BoundParameters p, List<PsObject> all, List<String> properties) {
            checkServer(p);
            if (!p.has("Filter")) {
                return all;
            }
            return OPathFilter.parse(p.get("Filter"), properties).apply(all);
        }

        /** The message objects an identity names: every copy, by queue then internal id. */
        List<QueueAdmin.MessageView> findMessages(Object identity) {
            String text = Identities.text(identity).trim();
            int slash = text.lastIndexOf('\\');
            String queuePart = slash < 0 ? null : text.substring(0, slash);
            String idPart = slash < 0 ? text : text.substring(slash + 1);
            if (!idPart.equals("*") && !idPart.matches("\\d+")) {
                throw new ShellError("\"" + text + "\" isn't a message identity: use"
                        + " <Server>\\<Queue>\\<InternalId> or the internal id.",
                        ErrorCategory.InvalidArgument, "ArgumentException", null,
                        "InvalidMessageIdentity");
            }
            List<QueueAdmin.MessageView> out = new ArrayList<>();
            for (QueueAdmin.MessageView m : queues.messages()) {
                boolean id = idPart.equals("*") || Long.parseLong(idPart) == m.internalId();
                if (id && (queuePart == null || queueMatches(queuePart, m.queue()))) {
                    out.add(m);
                }
            }
            return out;
        }

        /** The internal ids of the messages, each once, in order. */
        static Map<Long, String> byInternalId(List<QueueAdmin.MessageView> found) {
            Map<Long, String> out = new LinkedHashMap<>();
            for (QueueAdmin.MessageView m : found) {
                out.putIfAbsent(m.internalId(), m.identity());
            }
            return out;
        }

        /** Runs an engine action; what the engine refuses becomes an error naming it. */
        static void engine(Runnable action) {
            try {
                action.run();
            } catch (NoSuchElementException e) {
                throw ShellError.notFound(e.getMessage());
            } catch (IllegalStateException e) {
                throw new ShellError(e.getMessage(), ErrorCategory.InvalidOperation,
                        "InvalidOperationException", null, null);
            }
        }
    }

    /** -ResultSize: a positive number or Unlimited (0 here); absent: the default. */
    static int resultSize(BoundParameters p, int defaultSize) {
        if (!p.has("ResultSize")) {
            return defaultSize;
        }
        Unlimited u = ExchangeCmdlet.convert("ResultSize", ValueType.UNLIMITED,
                p.get("ResultSize"), null);
        if (u.isUnlimited()) {
            return 0;
        }
        if (u.value() < 1 || u.value() > Integer.MAX_VALUE) {
            throw new ShellError("Cannot process argument transformation on parameter"
                    + " 'ResultSize'. The value \"" + u.value() + "\" isn't valid. Use a"
                    + " number from 1 to " + Integer.MAX_VALUE + " or Unlimited.",
                    ErrorCategory.InvalidData,
                    "ParameterBindingArgumentTransformationException", null,
                    "ParameterArgumentTransformationError");
        }
        return (int) u.value();
    }

    static <T> List<T> first(List<T> all, int size) {
        return size == 0 || all.size() <= size ? all : all.subList(0, size);
    }

    /** The -Identity and -Filter sets exclude each other; one of them is needed. */
    static void identityOrFilter(BoundParameters p, boolean identityRequired) {
        if (p.has("Identity") && p.get("Identity") != null && p.has("Filter")) {
            throw new ShellError("Parameter set cannot be resolved using the specified named"
                    + " parameters.", ErrorCategory.InvalidArgument, "ParameterBindingException",
                    null, "AmbiguousParameterSet");
        }
        if (identityRequired && !p.has("Identity") && !p.has("Filter")) {
            throw ExchangeCmdlet.missing("Identity");
        }
    }

    /** -Identity, in the Identity parameter set (Exchange's sets; Get-Help's SYNTAX). */
    private static Parameter identity(String typeName) {
        return Parameter.named("Identity").position(0).byValue(typeName).byPropertyName()
                .inSets("Identity").build();
    }

    /** -Filter, in the Filter parameter set. */
    private static Parameter filter() {
        return Parameter.named("Filter").inSets("Filter").build();
    }

    private static Parameter server() {
        return Parameter.named("Server").build();
    }

    private static Parameter resultSize() {
        return Parameter.named("ResultSize").build();
    }

    /**
     * Get-Queue [[-Identity] queue] [-Filter opath] [-Include what] [-Exclude what] [-Server s]
     * [-ResultSize n|Unlimited]. -Include keeps and -Exclude drops the queues that are any of
     * the values given: {@code Empty} (no messages), {@code External} or {@code Internal}
     * (NextHopCategory), or a DeliveryType ({@code Get-Queue -Exclude Empty}).
     */
    static final class GetQueue extends QueueCmdlet {
        GetQueue(ConfigRepository repo, QueueAdmin queues) {
            super(repo, queues, "Get-Queue", List.of(identity(QueueObjects.QUEUE_TYPE), filter(),
                    Parameter.named("Include").array().build(),
                    Parameter.named("Exclude").array().build(), server(), resultSize()));
        }

        /** Whether a queue is any of the -Include/-Exclude values. */
        private static boolean isAny(PsObject q, List<Object> values, String parameter) {
            for (Object v : values) {
                String what = String.valueOf(v).trim();
                boolean known = false;
                if (what.equalsIgnoreCase("Empty")) {
                    known = true;
                    if (((Integer) q.get("MessageCount")) == 0) {
                        return true;
                    }
                } else if (what.equalsIgnoreCase("External") || what.equalsIgnoreCase("Internal")) {
                    known = true;
                    if (what.equalsIgnoreCase((String) q.get("NextHopCategory"))) {
                        return true;
                    }
                }
                for (QueueAdmin.DeliveryType t : QueueAdmin.DeliveryType.values()) {
                    if (t.name().equalsIgnoreCase(what)) {
                        known = true;
                        if (q.get("DeliveryType") == t) {
                            return true;
                        }
                    }
                }
                if (!known) {
                    throw new ShellError("Cannot process argument transformation on parameter '"
                            + parameter + "'. \"" + what + "\" isn't a queue property to"
                            + " include or exclude by: use Empty, External, Internal or a"
                            + " DeliveryType such as SmartHostConnectorDelivery.",
                            ErrorCategory.InvalidData,
                            "ParameterBindingArgumentTransformationException", null,
                            "ParameterArgumentTransformationError");
                }
            }
            return false;
        }

        @Override
        public void process(Invocation inv) {
            BoundParameters p = inv.params();
            identityOrFilter(p, false);
            int size = resultSize(p, DEFAULT_RESULT_SIZE);
            List<PsObject> found;
            Object id = p.get("Identity");
            if (id != null) {
                checkServer(p);
                found = findQueues(id);
                if (found.isEmpty()) {
                    inv.writeError(Identities.notFound(id, repo.current()));
                    return;
                }
            } else {
                found = filtered(p, queueObjects(), QueueObjects.queueProperties());
            }
            List<PsObject> kept = new ArrayList<>();
            for (PsObject q : found) {
                if ((!p.has("Include") || isAny(q, p.list("Include"), "Include"))
                        && !(p.has("Exclude") && isAny(q, p.list("Exclude"), "Exclude"))) {
                    kept.add(q);
                }
            }
            for (PsObject q : first(kept, size)) {
                inv.emit(q);
            }
        }
    }

    /**
     * Get-Message [[-Identity] message] [-Queue queue] [-Filter opath] [-Server s]
     * [-ResultSize n|Unlimited] [-IncludeRecipientInfo]. A queue object piped in binds to
     * -Queue ({@code Get-Queue EX01\contoso.com | Get-Message}).
     */
    static final class GetMessage extends QueueCmdlet {
        GetMessage(ConfigRepository repo, QueueAdmin queues) {
            super(repo, queues, "Get-Message", List.of(
                    Parameter.named("Identity").position(0).byValue(QueueObjects.MESSAGE_TYPE)
                            .inSets("Identity").build(),
                    Parameter.named("Queue").byValue(QueueObjects.QUEUE_TYPE).inSets("Queue")
                            .build(),
                    filter(), server(), resultSize(),
                    Parameter.switchNamed("IncludeRecipientInfo")));
        }

        @Override
        public void process(Invocation inv) {
            BoundParameters p = inv.params();
            Object id = p.get("Identity");
            if (id != null && (p.has("Queue") || p.has("Filter"))) {
                throw new ShellError("Parameter set cannot be resolved using the specified named"
                        + " parameters.", ErrorCategory.InvalidArgument,
                        "ParameterBindingException", null, "AmbiguousParameterSet");
            }
            int size = resultSize(p, DEFAULT_RESULT_SIZE);
            boolean recipients = p.bool("IncludeRecipientInfo");
            List<QueueAdmin.MessageView> views;
            if (id != null) {
                checkServer(p);
                views = findMessages(id);
                if (views.isEmpty()) {
                    inv.writeError(Identities.notFound(id, repo.current()));
                    return;
                }
            } else if (p.has("Queue")) {
                views = new ArrayList<>();
                Object queue = p.get("Queue");
                List<PsObject> named = findQueues(queue);
                if (named.isEmpty()) {
                    inv.writeError(Identities.notFound(queue, repo.current()));
                    return;
                }
                for (PsObject q : named) {
                    views.addAll(messagesOf((String) q.get("Identity")));
                }
            } else {
                views = queues.messages();
            }
            List<PsObject> objects = new ArrayList<>();
            for (QueueAdmin.MessageView m : views) {
                objects.add(QueueObjects.message(m, recipients));
            }
            objects = id != null ? objects
                    : filtered(p, objects, QueueObjects.messageProperties());
            for (PsObject m : first(objects, size)) {
                inv.emit(m);
            }
        }
    }

    /** The queues a single-object queue task works on: the one -Identity names, or -Filter's. */
    private static List<PsObject> targetQueues(QueueCmdlet c, BoundParameters p) {
        identityOrFilter(p, true);
        if (p.has("Identity") && p.get("Identity") != null) {
            return List.of(c.oneQueue(p.get("Identity")));
        }
        return c.filtered(p, c.queueObjects(), QueueObjects.queueProperties());
    }

    /** A queue the engine cannot act on (Submission, an Unreachable queue that is empty). */
    private static ShellError notActionable(String verb, String queue) {
        return new ShellError("Postern can't " + verb.toLowerCase(Locale.ROOT) + " the queue "
                + queue + ": only delivery queues and a non-empty Unreachable queue can be"
                + " acted on; the categoriser takes messages from Submission as they arrive.",
                ErrorCategory.InvalidOperation, "InvalidOperationException", null, null);
    }

    private static boolean isSubmission(PsObject q) {
        return q.get("DeliveryType") == QueueAdmin.DeliveryType.Undefined;
    }

    /** Suspend-Queue and Resume-Queue [-Identity] queue | -Filter opath [-Server s]. */
    static final class QueueAction extends QueueCmdlet {
        private final String doing;

        QueueAction(ConfigRepository repo, QueueAdmin queues, String name, String doing) {
            super(repo, queues, name, List.of(identity(QueueObjects.QUEUE_TYPE), filter(),
                    server()));
            this.doing = doing;
        }

        @Override
        public void process(Invocation inv) {
            for (PsObject q : targetQueues(this, inv.params())) {
                String id = (String) q.get("Identity");
                // The action sentence follows Exchange's pattern; its exact text is UNCONFIRMED.
                if (!inv.shouldProcess(doing + " queue \"" + id + "\".")) {
                    continue;
                }
                try {
                    if (isSubmission(q)) {
                        throw notActionable(name().substring(0, name().indexOf('-')), id);
                    }
                    engine(() -> {
                        if (doing.equals("Suspending")) {
                            queues.suspendQueue(id);
                        } else {
                            queues.resumeQueue(id);
                        }
                    });
                } catch (ShellError e) {
                    inv.writeError(e);
                }
            }
        }
    }

    /**
     * Retry-Queue [-Identity] queue | -Filter opath [-Server s] [-Resubmit $true|$false]: tries
     * the next hop now; with -Resubmit $true the messages are routed again first, which the
     * Unreachable queue needs.
     */
    static final class RetryQueue extends QueueCmdlet {
        RetryQueue(ConfigRepository repo, QueueAdmin queues) {
            super(repo, queues, "Retry-Queue", List.of(identity(QueueObjects.QUEUE_TYPE),
                    filter(), server(), bool("Resubmit")));
        }

        @Override
        public void process(Invocation inv) {
            boolean resubmit = inv.params().bool("Resubmit");
            for (PsObject q : targetQueues(this, inv.params())) {
                String id = (String) q.get("Identity");
                String action = resubmit ? "Resubmitting the messages of queue \"" + id + "\"."
                        : "Retrying queue \"" + id + "\".";
                if (!inv.shouldProcess(action)) {
                    continue;
                }
                try {
                    if (isSubmission(q)) {
                        throw notActionable("retry", id);
                    }
                    if (!resubmit && q.get("DeliveryType")
                            == QueueAdmin.DeliveryType.Unreachable) {
                        throw new ShellError("The queue " + id + " has no next hop to try:"
                                + " retry it with -Resubmit $true to route its messages again.",
                                ErrorCategory.InvalidOperation, "InvalidOperationException",
                                null, null);
                    }
                    engine(() -> queues.retryQueue(id, resubmit));
                } catch (NoSuchElementException e) {
                    inv.writeError(notActionable("retry", id));
                } catch (ShellError e) {
                    inv.writeError(e);
                }
            }
        }
    }

    /** The messages a message task works on: the one -Identity names, or -Filter's. */
    private static Map<Long, String> targetMessages(QueueCmdlet c, BoundParameters p) {
        identityOrFilter(p, true);
        Configuration cfg = c.repo.current();
        if (p.has("Identity") && p.get("Identity") != null) {
            Object id = p.get("Identity");
            Map<Long, String> found = QueueCmdlet.byInternalId(c.findMessages(id));
            if (found.isEmpty()) {
                throw Identities.notFound(id, cfg);
            }
            if (found.size() > 1) {
                throw ShellError.ambiguous("The operation couldn't be performed because '"
                        + Identities.text(id) + "' matches multiple entries.");
            }
            return found;
        }
        List<PsObject> objects = new ArrayList<>();
        for (QueueAdmin.MessageView m : c.queues.messages()) {
            objects.add(QueueObjects.message(m, false));
        }
        Map<Long, String> out = new LinkedHashMap<>();
        for (PsObject m : c.filtered(p, objects, QueueObjects.messageProperties())) {
            String identity = (String) m.get("Identity");
            out.putIfAbsent(Long.parseLong(identity.substring(identity.lastIndexOf('\\') + 1)),
                    identity);
        }
        return out;
    }

    /** Suspend-Message and Resume-Message [-Identity] message | -Filter opath [-Server s]. */
    static final class MessageAction extends QueueCmdlet {
        private final String doing;

        MessageAction(ConfigRepository repo, QueueAdmin queues, String name, String doing) {
            super(repo, queues, name, List.of(identity(QueueObjects.MESSAGE_TYPE), filter(),
                    server()));
            this.doing = doing;
        }

        @Override
        public void process(Invocation inv) {
            for (Map.Entry<Long, String> m : targetMessages(this, inv.params()).entrySet()) {
                if (!inv.shouldProcess(doing + " message \"" + m.getValue() + "\".")) {
                    continue;
                }
                String internal = Long.toString(m.getKey());
                try {
                    engine(() -> {
                        if (doing.equals("Suspending")) {
                            queues.suspendMessage(internal);
                        } else {
                            queues.resumeMessage(internal);
                        }
                    });
                } catch (ShellError e) {
                    inv.writeError(e);
                }
            }
        }
    }

    /**
     * Remove-Message [-Identity] message | -Filter opath [-Server s] [-WithNDR $true|$false]:
     * takes the message out of every queue; with -WithNDR (the default) its sender gets a
     * non-delivery report for the recipients not yet delivered.
     */
    static final class RemoveMessage extends QueueCmdlet {
        RemoveMessage(ConfigRepository repo, QueueAdmin queues) {
            super(repo, queues, "Remove-Message", List.of(identity(QueueObjects.MESSAGE_TYPE),
                    filter(), server(), bool("WithNDR")));
        }

        @Override
        public void process(Invocation inv) {
            BoundParameters p = inv.params();
            boolean ndr = !p.has("WithNDR") || p.bool("WithNDR");
            for (Map.Entry<Long, String> m : targetMessages(this, p).entrySet()) {
                // The action sentence follows Exchange's pattern; its exact text is UNCONFIRMED.
                String action = "Removing message \"" + m.getValue() + "\" "
                        + (ndr ? "with" : "without") + " a non-delivery report to the sender.";
                if (!inv.shouldProcess(action)) {
                    continue;
                }
                String internal = Long.toString(m.getKey());
                try {
                    engine(() -> queues.removeMessage(internal, ndr));
                } catch (ShellError e) {
                    inv.writeError(e);
                }
            }
        }
    }
}
