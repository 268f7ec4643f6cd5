package org.postern.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.postern.admin.AdminClient;
import org.postern.admin.ScriptRunner;
import org.postern.config.InvalidConfigurationException;
import org.postern.manage.ManagementHost;
import org.postern.server.PosternServer;
import org.postern.delivery.DnsResolver;
import org.postern.server.ServerOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code postern} command: {@code serve} runs the relay, {@code exec} and {@code shell}
 * manage it.
 */
@Command(name = "postern", mixinStandardHelpOptions = true, version = PosternServer.VERSION,
        description = "SMTP relay with Exchange-style receive connectors.",
        subcommands = {Main.Serve.class, Main.Exec.class, Main.ShellCommand.class})
public final class Main implements Callable<Integer> {

    public static void main(String[] args) {
        useLogDirectory(args);
        CommandLine cli = new CommandLine(new Main());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        int code;
        try {
            code = cli.execute(args);
        } catch (Throwable t) {
            // An Error escapes picocli; without this exit the JVM would stay up on the
            // listeners' threads after a failed start.
            System.err.println("postern: " + t);
            code = 1;
        }
        System.exit(code);
    }

    /**
     * For {@code serve}, sends the operator log to {@code DIR/logs/postern.log} as well as the
     * console. It must run before anything creates a logger, so it reads --data itself.
     */
    private static void useLogDirectory(String[] args) {
        if (args.length == 0 || !args[0].equals("serve")
                || System.getProperty("postern.logdir") != null) {
            return;
        }
        String data = "data";
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--data") && i + 1 < args.length) {
                data = args[i + 1];
            } else if (args[i].startsWith("--data=")) {
                data = args[i].substring("--data=".length());
            }
        }
        System.setProperty("postern.logdir",
                Path.of(data).resolve("logs").toAbsolutePath().toString());
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 2;
    }

    /** {@code postern serve}: runs the relay until it is stopped. */
    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Run the relay on a data directory (set up on first start).")
    static final class Serve implements Callable<Integer> {

        @Option(names = "--data", defaultValue = "data",
                description = "Data directory (default: ${DEFAULT-VALUE}).")
        Path data;

        @Option(names = "--server-name",
                description = "Server name recorded at first start (default: from the host).")
        String serverName;

        @Option(names = "--fqdn",
                description = "Server FQDN recorded at first start (default: from the host).")
        String fqdn;

        @Option(names = "--domain", description = "Default accepted domain created at first"
                + " start (default: the FQDN without its first label).")
        String domain;

        @Option(names = "--port-offset", defaultValue = "0", description = "Added to the ports"
                + " of the default connectors created at first start (default: 0, i.e. 25, 587,"
                + " 717, 2525, 465).")
        int portOffset;

        @Option(names = "--admin-listen", defaultValue = "127.0.0.1:4525",
                description = "Where the management endpoint listens (default: ${DEFAULT-VALUE}).")
        String adminListen;

        @Option(names = "--dns-server", description = "The DNS server delivery asks for MX and"
                + " address records and the antispam agents for block lists and SPF records,"
                + " as IP[:port] (default: the system's resolvers).")
        String dnsServer;

        @Override
        public Integer call() throws Exception {
            InetSocketAddress admin;
            InetSocketAddress dns;
            try {
                admin = parseListen(adminListen);
                dns = dnsServer == null ? null : DnsResolver.parseServer(dnsServer);
            } catch (IllegalArgumentException e) {
                System.err.println("postern: " + e.getMessage());
                return 2;
            }
            ServerOptions options = new ServerOptions(data, serverName, fqdn, domain, portOffset,
                    admin, dns);
            PosternServer server;
            try {
                server = PosternServer.start(options, ManagementHost::new);
            } catch (InvalidConfigurationException e) {
                System.err.println("postern: " + e.getMessage());
                return 1;
            } catch (java.net.BindException e) {
                System.err.println("postern: the management endpoint can't listen on "
                        + adminListen + ": " + e.getMessage() + ". Choose another address with"
                        + " --admin-listen.");
                return 1;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "postern-shutdown"));
            stopped.await();
            return 0;
        }
    }

    /** {@code postern exec}: runs one pipeline or script on the running server. */
    @Command(name = "exec", mixinStandardHelpOptions = true,
            description = "Run Exchange Management Shell commands on the running server.")
    static final class Exec implements Callable<Integer> {

        @Option(names = "--data", defaultValue = "data",
                description = "Data directory of the running server (default: ${DEFAULT-VALUE}).")
        Path data;

        @Option(names = "--file", description = "Run the statements of this script file.")
        Path file;

        @Parameters(arity = "0..1", paramLabel = "PIPELINE",
                description = "The commands to run, e.g. 'Get-ReceiveConnector'.")
        String pipeline;

        @Override
        public Integer call() throws Exception {
            String script;
            if (file != null && pipeline != null) {
                System.err.println("postern: give either a PIPELINE or --file SCRIPT.ps1, not"
                        + " both.");
                return 2;
            }
            if (file != null) {
                try {
                    script = Files.readString(file, StandardCharsets.UTF_8);
                } catch (NoSuchFileException e) {
                    System.err.println("postern: the script file " + file + " does not exist.");
                    return 2;
                } catch (java.nio.charset.MalformedInputException e) {
                    System.err.println("postern: the script file " + file + " isn't UTF-8"
                            + " text. Save it as UTF-8 (with or without BOM).");
                    return 2;
                }
                if (script.startsWith("\uFEFF")) {
                    script = script.substring(1);
                }
            } else if (pipeline != null) {
                script = pipeline;
            } else {
                System.err.println("postern: give a PIPELINE to run, or --file SCRIPT.ps1.");
                return 2;
            }
            ScriptRunner.Outcome outcome;
            try {
                outcome = AdminClient.run(data, script);
            } catch (AdminClient.Unreachable e) {
                System.err.println("postern: " + e.getMessage());
                return 3;
            } catch (IOException e) {
                System.err.println("postern: " + e.getMessage());
                return 3;
            }
            PrintWriter out = new PrintWriter(System.out, false, StandardCharsets.UTF_8);
            out.print(outcome.stdout());
            out.flush();
            PrintWriter err = new PrintWriter(System.err, false, StandardCharsets.UTF_8);
            err.print(outcome.stderr());
            err.flush();
            return outcome.success() && outcome.stderr().isEmpty() ? 0 : 1;
        }
    }

    /** {@code postern shell}: an interactive management shell on the running server. */
    @Command(name = "shell", mixinStandardHelpOptions = true,
            description = "Interactive Exchange Management Shell on the running server.")
    static final class ShellCommand implements Callable<Integer> {

        @Option(names = "--data", defaultValue = "data",
                description = "Data directory of the running server (default: ${DEFAULT-VALUE}).")
        Path data;

        @Override
        public Integer call() throws Exception {
            try {
                return InteractiveShell.run(data);
            } catch (IOException e) {
                System.err.println("postern: " + e.getMessage());
                return 3;
            }
        }
    }

    static InetSocketAddress parseListen(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--admin-listen \"" + text
                    + "\" isn't ADDRESS:PORT, for example 127.0.0.1:4525.");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(text.substring(colon + 1));
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (NumberFormatException | java.net.UnknownHostException e) {
            throw new IllegalArgumentException("--admin-listen \"" + text
                    + "\" isn't ADDRESS:PORT, for example 127.0.0.1:4525.");
        }
    }
}
