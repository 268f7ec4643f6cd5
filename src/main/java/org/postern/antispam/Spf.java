package org.postern.antispam;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.james.jspf.core.DNSService;
import org.apache.james.jspf.core.DNSServiceEnabled;
import org.apache.james.jspf.core.MacroExpand;
import org.apache.james.jspf.core.MacroExpandEnabled;
import org.apache.james.jspf.core.SPFCheckEnabled;
import org.apache.james.jspf.executor.SPFResult;
import org.apache.james.jspf.executor.SynchronousSPFExecutor;
import org.apache.james.jspf.impl.DNSServiceXBillImpl;
import org.apache.james.jspf.impl.DefaultTermsFactory;
import org.apache.james.jspf.impl.SPF;
import org.apache.james.jspf.parser.RFC4408SPF1Parser;
import org.apache.james.jspf.wiring.WiringServiceTable;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;

/**
 * SPF checks (RFC 7208) with Apache James jSPF on dnsjava, asking the same DNS server as the
 * block list look-ups. jSPF's asynchronous executor ignores the resolver it is given and (in
 * 1.0.3) goes on before its look-ups answer, so Postern wires jSPF with its synchronous
 * executor and runs each check on a small pool of daemon threads, never on an event loop; a
 * check that takes longer than twice the DNS time-out is a TempError.
 */
public final class Spf {

    /** RFC 7208 section 2.6 results. */
    public enum Result {
        Pass, Fail, SoftFail, Neutral, None, TempError, PermError;

        static Result of(String jspf) {
            switch (jspf == null ? "" : jspf.toLowerCase(Locale.ROOT)) {
                case "pass": return Pass;
                case "fail": return Fail;
                case "softfail": return SoftFail;
                case "neutral": return Neutral;
                case "none": return None;
                case "permerror": return PermError;
                default: return TempError;
            }
        }
    }

    /**
     * A check's outcome.
     *
     * @param receivedSpf the value of a Received-SPF field (RFC 7208 section 9.1), printable
     *     ASCII on one line
     */
    public record Outcome(Result result, String receivedSpf) {
    }

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final SPF spf;
    private final ExecutorService pool;
    private final Duration timeout;

    /**
     * @param server the DNS server to ask, or null for the system's resolvers
     * @param timeout the time-out of one DNS query
     * @param threads how many checks run at once
     */
    public Spf(InetSocketAddress server, Duration timeout, int threads) {
        Resolver r = server == null ? new ExtendedResolver() : new SimpleResolver(server);
        r.setTimeout(timeout);
        DNSService dns = new DNSServiceXBillImpl(r);
        // The wiring jSPF's one-argument constructor makes, with the synchronous executor.
        WiringServiceTable wiring = new WiringServiceTable();
        wiring.put(DNSServiceEnabled.class, dns);
        MacroExpand macros = new MacroExpand(dns);
        wiring.put(MacroExpandEnabled.class, macros);
        SPF checker = new SPF(dns, new RFC4408SPF1Parser(new DefaultTermsFactory(wiring)),
                macros, new SynchronousSPFExecutor(dns));
        wiring.put(SPFCheckEnabled.class, checker);
        this.spf = checker;
        this.pool = Executors.newFixedThreadPool(threads, task -> {
            Thread t = new Thread(task, "postern-spf-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.timeout = timeout;
    }

    /**
     * Checks whether {@code client} may send for the domain of {@code sender}. Completes on a
     * pool thread, never with an exception.
     */
    public CompletableFuture<Outcome> check(InetAddress client, String sender, String helo) {
        return CompletableFuture.supplyAsync(() -> outcome(spf.checkSPF(
                client.getHostAddress(), sender, helo)), pool)
                .completeOnTimeout(tempError(client, sender, null), timeout.toMillis() * 2,
                        TimeUnit.MILLISECONDS)
                .exceptionally(e -> tempError(client, sender, e));
    }

    private static Outcome outcome(SPFResult r) {
        return new Outcome(Result.of(r.getResult()), printable(r.getHeaderText()));
    }

    private static Outcome tempError(InetAddress client, String sender, Throwable e) {
        return new Outcome(Result.TempError, printable("temperror (" + (e == null
                ? "time-out" : e.getClass().getSimpleName()) + ") client-ip="
                + client.getHostAddress() + "; envelope-from=" + sender + ";"));
    }

    /** One line of printable ASCII: anything else becomes a space. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            b.append(c < 0x20 || c > 0x7e ? ' ' : c);
        }
        return b.toString().trim();
    }
}
