package org.postern.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private Postfix instance for tests: its own configuration, queue and data directories under
 * a scratch folder, listening on 127.0.0.1 and a high port only, delivering every recipient of
 * its domains into one Maildir ({@code vmail/sink/}) with Postfix's virtual delivery agent. It
 * is stopped with {@code postfix -c DIR stop} and by its master's process id.
 */
final class PostfixInstance implements AutoCloseable {

    private final Path root;
    private final Path conf;
    private final int port;
    private final Path maildir;

    private PostfixInstance(Path root, int port) {
        this.root = root;
        this.conf = root.resolve("etc");
        this.port = port;
        this.maildir = root.resolve("vmail").resolve("sink");
    }

    /** Starts an instance accepting mail for {@code domains} on 127.0.0.1:{@code port}. */
    static PostfixInstance start(Path root, int port, List<String> domains) throws Exception {
        for (String tool : List.of("/usr/sbin/postfix", "/usr/sbin/postconf")) {
            if (!Files.isExecutable(Path.of(tool))) {
                throw new AssertionError(tool + " is missing: run scripts/install-test-tools"
                        + " (Debian's postfix package)");
            }
        }
        PostfixInstance p = new PostfixInstance(root, port);
        p.configure(domains);
        run(List.of("/usr/sbin/postfix", "-c", p.conf.toString(), "check"));
        run(List.of("/usr/sbin/postfix", "-c", p.conf.toString(), "start"));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < end) {
            if (p.masterPid() > 0 && p.accepting()) {
                return p;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("postfix did not start listening on 127.0.0.1:" + port
                + "; its log:\n" + p.log());
    }

    private void configure(List<String> domains) throws Exception {
        Path queue = root.resolve("spool");
        Path data = root.resolve("data");
        Path vmail = root.resolve("vmail");
        for (Path d : List.of(root, conf, queue, data, vmail, root.resolve("log"))) {
            Files.createDirectories(d);
        }
        // Postfix's daemons and the delivery user must be able to walk down to the queue: the
        // scratch folder and its parent (a test's private temporary folder) are opened up.
        for (Path d : List.of(root.getParent(), root)) {
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        run(List.of("chown", "postfix", data.toString()));
        run(List.of("chown", "nobody:nogroup", vmail.toString()));
        Path master = Path.of("/usr/share/postfix/master.cf.dist");
        if (!Files.exists(master)) {
            master = Path.of("/etc/postfix/master.cf");
        }
        Files.copy(master, conf.resolve("master.cf"));
        Files.writeString(conf.resolve("main.cf"), "");
        List<String> cmd = new ArrayList<>(List.of("/usr/sbin/postconf", "-c", conf.toString(),
                "-e"));
        cmd.addAll(List.of(
                "compatibility_level = 3.6",
                "queue_directory = " + queue,
                "data_directory = " + data,
                "myhostname = sink.postfix.test",
                "mydomain = postfix.test",
                "myorigin = $myhostname",
                "mydestination =",
                "local_recipient_maps =",
                "local_transport = error:local delivery is disabled",
                "alias_maps =",
                "alias_database =",
                "relay_domains =",
                "relayhost =",
                "mynetworks = 127.0.0.0/8",
                "inet_interfaces = 127.0.0.1",
                "inet_protocols = ipv4",
                "smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination",
                "virtual_mailbox_domains = " + String.join(" ", domains),
                "virtual_mailbox_base = " + vmail,
                "virtual_mailbox_maps = static:sink/",
                "virtual_uid_maps = static:65534",
                "virtual_gid_maps = static:65534",
                "virtual_minimum_uid = 100",
                "biff = no",
                "append_dot_mydomain = no",
                "smtputf8_enable = no",
                "maillog_file = " + root.resolve("log/maillog"),
                "maillog_file_prefixes = " + root));
        run(cmd);
        String pc = "/usr/sbin/postconf";
        run(List.of(pc, "-c", conf.toString(), "-MX", "smtp/inet"));
        run(List.of(pc, "-c", conf.toString(), "-M", "127.0.0.1:" + port
                + "/inet = 127.0.0.1:" + port + " inet n - n - - smtpd"));
        run(List.of(pc, "-c", conf.toString(), "-F", "*/*/chroot = n"));
    }

    int port() {
        return port;
    }

    /** The Maildir every accepted message lands in. */
    Path maildir() {
        return maildir;
    }

    /** The delivered message files ({@code new/} and {@code cur/}). */
    List<Path> delivered() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String sub : List.of("new", "cur")) {
            Path d = maildir.resolve(sub);
            if (Files.isDirectory(d)) {
                try (Stream<Path> s = Files.list(d)) {
                    s.forEach(out::add);
                }
            }
        }
        out.sort(null);
        return out;
    }

    String log() {
        try {
            return Files.readString(root.resolve("log/maillog"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private long masterPid() {
        try {
            String text = Files.readString(root.resolve("spool/pid/master.pid")).trim();
            long pid = Long.parseLong(text);
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) ? pid : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private boolean accepting() {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed:\n" + out);
        }
    }

    @Override
    public void close() throws Exception {
        long pid = masterPid();
        try {
            run(List.of("/usr/sbin/postfix", "-c", conf.toString(), "stop"));
        } catch (AssertionError e) {
            // Fall through to the process id.
        }
        if (pid > 0) {
            ProcessHandle.of(pid).ifPresent(h -> {
                try {
                    h.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    h.destroyForcibly();
                }
            });
        }
    }
}
