package org.postern.server;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real DNS server for tests: Debian's dnsmasq on 127.0.0.1 and a high port, authoritative
 * for {@code .test} (unknown names are NXDOMAIN, known names without the type NODATA), serving
 * the MX and address records a test gives, and nothing else (no upstream, no hosts file).
 * Stopped by its process id.
 */
final class DnsmasqProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private DnsmasqProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * @param records dnsmasq options such as {@code --mx-host=mx.test,mx1.mx.test,10} and
     *     {@code --host-record=mx1.mx.test,127.0.0.21}
     */
    static DnsmasqProcess start(List<String> records) throws Exception {
        Path bin = Path.of("/usr/sbin/dnsmasq");
        if (!Files.isExecutable(bin)) {
            throw new AssertionError(bin + " is missing: run scripts/install-test-tools"
                    + " (Debian's dnsmasq-base package)");
        }
        int port = freeUdpPort();
        List<String> cmd = new ArrayList<>(List.of(bin.toString(), "--no-daemon",
                "--port=" + port, "--listen-address=127.0.0.1", "--bind-interfaces",
                "--no-resolv", "--no-hosts", "--no-poll", "--pid-file=", "--user=root",
                "--local=/test/", "--log-facility=-"));
        cmd.addAll(records);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        DnsmasqProcess d = new DnsmasqProcess(p, port);
        Thread.sleep(300);
        if (!p.isAlive()) {
            throw new AssertionError("dnsmasq exited with " + p.exitValue() + ": "
                    + String.join(" ", cmd));
        }
        return d;
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(
                InetAddress.getByName("127.0.0.1"), 0))) {
            return s.getLocalPort();
        }
    }

    /** The {@code --dns-server} value: {@code 127.0.0.1:port}. */
    String address() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
