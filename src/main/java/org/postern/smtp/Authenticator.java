package org.postern.smtp;

import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.postern.config.PasswordHash;

/**
 * Checks SMTP AUTH credentials against the mailboxes, off the event loop: an Argon2id
 * verification takes tens of milliseconds and 19 MiB, so it runs on a small pool of its own
 * (as many threads as cores, at most two) with a bounded queue. When the queue is full the
 * check fails at once as a temporary failure, so a flood of logins delays logins only, never
 * the SMTP sessions of other clients.
 *
 * <p>An unknown login name, a mailbox without a password and a wrong password cost the same
 * verification (an unknown name is checked against a dummy hash), so the time of the answer does
 * not tell which names exist.
 */
final class Authenticator {

    /** What a check found. */
    enum Outcome { SUCCESS, BAD_CREDENTIALS, AUTHZID_REFUSED }

    /** The result: the account when the credentials were right. */
    record Result(Outcome outcome, Account account) {
    }

    private static final int THREADS =
            Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    private static final int QUEUE = 64;
    private static final ThreadPoolExecutor POOL = pool();

    private static volatile PasswordHash dummy;

    private Authenticator() {
    }

    private static ThreadPoolExecutor pool() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor p = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), r -> {
                    Thread t = new Thread(r, "postern-auth-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        p.allowCoreThreadTimeOut(true);
        return p;
    }

    /**
     * Checks credentials on the pool. The stage fails with {@link RejectedExecutionException}
     * when too many checks are waiting. The password is cleared when the check is done.
     */
    static CompletionStage<Result> check(SessionPolicy policy, SaslExchange.Credentials c) {
        try {
            return CompletableFuture.supplyAsync(() -> checkNow(policy, c), POOL);
        } catch (RejectedExecutionException e) {
            c.clear();
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The check itself (slow: call it off the event loop). */
    static Result checkNow(SessionPolicy policy, SaslExchange.Credentials c) {
        try {
            Optional<Account> found = c.login().isEmpty() ? Optional.empty()
                    : policy.account(c.login());
            PasswordHash hash = found.map(Account::password).orElse(null);
            boolean right = (hash != null ? hash : dummy()).verify(c.password());
            if (!right || hash == null || c.password().length == 0) {
                return new Result(Outcome.BAD_CREDENTIALS, null);
            }
            Account account = found.get();
            // RFC 4616: an authorization identity other than the user's own is refused (no one
            // may act as another mailbox); the same mailbox by another of its names is fine.
            if (!c.authzid().isEmpty() && !c.authzid().equalsIgnoreCase(c.login())
                    && !policy.account(c.authzid()).map(Account::userName)
                            .equals(Optional.of(account.userName()))) {
                return new Result(Outcome.AUTHZID_REFUSED, null);
            }
            return new Result(Outcome.SUCCESS, account);
        } finally {
            c.clear();
        }
    }

    private static PasswordHash dummy() {
        PasswordHash d = dummy;
        if (d == null) {
            char[] random = java.util.UUID.randomUUID().toString().toCharArray();
            d = PasswordHash.of(random);
            dummy = d;
        }
        return d;
    }
}
