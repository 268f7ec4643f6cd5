package org.postern.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.postern.config.Configuration;
import org.postern.config.Mailbox;
import org.postern.queue.SpooledMessage;

/** Delivery into local mailboxes (Maildirs), one file per recipient. */
final class MailboxTransport implements Transport {

    private final Maildirs maildirs;

    MailboxTransport(Maildirs maildirs) {
        this.maildirs = maildirs;
    }

    @Override
    public Session open(Route route, Configuration cfg) {
        return new Session() {
            @Override
            public List<SmtpConnection.Outcome> deliver(SpooledMessage message,
                    List<String> recipients, List<Map<String, String>> parameters)
                    throws IOException {
                List<SmtpConnection.Outcome> out = new ArrayList<>();
                for (String r : recipients) {
                    Optional<Mailbox> box = cfg.mailboxByAddress(r);
                    if (box.isEmpty()) {
                        out.add(new SmtpConnection.Outcome(new SmtpReply(550, List.of(
                                "5.1.1 RESOLVER.ADR.RecipientNotFound; the mailbox of " + r
                                        + " no longer exists")), false));
                        continue;
                    }
                    try (InputStream in = message.openContent()) {
                        java.nio.file.Path file = maildirs.deliver(
                                box.get().maildirFolderName(), message.envelope().sender(), r,
                                in);
                        out.add(new SmtpConnection.Outcome(new SmtpReply(250, List.of(
                                "2.0.0 Delivered to mailbox " + box.get().name() + " as "
                                        + file.getFileName())), false));
                    } catch (IOException e) {
                        out.add(new SmtpConnection.Outcome(new SmtpReply(451, List.of(
                                "4.3.0 Writing to the mailbox " + box.get().name()
                                        + " failed: " + e.getMessage())), false));
                    }
                }
                return out;
            }

            @Override
            public boolean reusable() {
                return true;
            }

            @Override
            public String remoteName() {
                return null;
            }

            @Override
            public String remoteIp() {
                return null;
            }

            @Override
            public String localIp() {
                return null;
            }

            @Override
            public void close() {
                // Nothing held open.
            }
        };
    }
}
