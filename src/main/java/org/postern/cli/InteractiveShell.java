package org.postern.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jline.reader.Candidate;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.CompletionMatcher;
import org.jline.reader.EOFError;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.postern.admin.AdminClient;
import org.postern.admin.CompletionQuery;
import org.postern.admin.ScriptRunner;

/**
 * {@code postern shell}: an interactive Exchange Management Shell on the running server of a
 * data directory, on JLine. One server-side session per shell, so variables persist from line
 * to line; line editing, history in {@code DIR/shell-history} (owner-only), the {@code >> }
 * continuation prompt, and tab completion from the server.
 *
 * <p>The prompt is {@code [PS] SERVER> }: EMS shows {@code [PS] } and the current directory,
 * Postern has no directory and shows the server's name instead.
 */
final class InteractiveShell {

    static final String HISTORY_FILE = "shell-history";
    private static final Set<PosixFilePermission> OWNER_ONLY =
            PosixFilePermissions.fromString("rw-------");

    private final AdminClient client;
    private final Terminal terminal;
    private final PrintWriter out;
    private String session;

    private InteractiveShell(AdminClient client, Terminal terminal) {
        this.client = client;
        this.terminal = terminal;
        this.out = terminal.writer();
    }

    /** Runs the shell until {@code exit} or end of input; returns the exit status. */
    static int run(Path data) throws IOException, InterruptedException {
        AdminClient client;
        AdminClient.Session opened;
        try {
            client = AdminClient.connect(data);
            opened = client.openSession();
        } catch (AdminClient.Unreachable e) {
            System.err.println("postern: " + e.getMessage());
            return 3;
        }
        Path history = data.resolve(HISTORY_FILE);
        ownerOnly(history);
        try (Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).build()) {
            InteractiveShell shell = new InteractiveShell(client, terminal);
            shell.session = opened.id();
            return shell.loop(opened.server(), history);
        }
    }

    private int loop(String server, Path history) throws IOException, InterruptedException {
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("postern")
                .parser(new StatementParser())
                .completer((r, line, candidates) -> complete(line, candidates))
                .completionMatcher(new ServerMatcher())
                .history(new DiscreetHistory())
                .variable(LineReader.HISTORY_FILE, history)
                .variable(LineReader.HISTORY_FILE_SIZE, 2000)
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, ">> ")
                .variable(LineReader.INDENTATION, 0)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.CASE_INSENSITIVE, true)
                .option(LineReader.Option.AUTO_MENU, false)
                .option(LineReader.Option.AUTO_LIST, true)
                .option(LineReader.Option.INSERT_TAB, false)
                .build();
        String prompt = "[PS] " + server + "> ";
        out.println("Postern management shell on " + server + ". Tab completes commands,"
                + " parameters and names; 'exit' leaves.");
        out.flush();
        try {
            while (true) {
                String statement;
                try {
                    statement = reader.readLine(prompt);
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                ownerOnly(history);
                if (statement.isBlank()) {
                    continue;
                }
                if (statement.trim().equalsIgnoreCase("exit")) {
                    break;
                }
                execute(statement);
            }
        } finally {
            reader.getHistory().save();
            ownerOnly(history);
            try {
                client.closeSession(session);
            } catch (AdminClient.Unreachable | IOException e) {
                // The server is gone or restarted: there is no session left to close.
            }
        }
        return 0;
    }

    /** Runs one statement in the session and prints its output and errors. */
    private void execute(String statement) throws InterruptedException {
        ScriptRunner.Outcome outcome;
        try {
            try {
                outcome = client.exec(session, statement);
            } catch (AdminClient.Refused e) {
                if (e.status() != 404) {
                    throw e;
                }
                session = client.openSession().id();
                printError("The server no longer had this shell's session (" + e.getMessage()
                        + ") A new session was opened; variables set before are gone.\n");
                outcome = client.exec(session, statement);
            }
        } catch (AdminClient.Unreachable | IOException e) {
            printError("postern: " + e.getMessage() + "\n");
            return;
        }
        out.print(outcome.stdout());
        out.flush();
        if (!outcome.stderr().isEmpty()) {
            printError(outcome.stderr());
        }
    }

    private void printError(String text) {
        out.print(new AttributedString(text, AttributedStyle.DEFAULT
                .foreground(AttributedStyle.RED)).toAnsi(terminal));
        out.flush();
    }

    /** Asks the server what may complete the word at the cursor. */
    private void complete(ParsedLine line, List<Candidate> candidates) {
        ShellInput.Word word = ShellInput.wordAt(line.line().substring(0, line.cursor()));
        CompletionQuery query;
        if (word.isCommand()) {
            if (word.quote() != 0 || word.text().startsWith("$")) {
                return;
            }
            query = new CompletionQuery(CompletionQuery.Kind.COMMAND, null, null, word.text());
        } else if (word.isParameter()) {
            query = new CompletionQuery(CompletionQuery.Kind.PARAMETER, word.previous().get(0),
                    null, word.prefix());
        } else {
            if (word.text().startsWith("$")) {
                return;
            }
            List<String> previous = word.previous();
            query = new CompletionQuery(CompletionQuery.Kind.ARGUMENT, previous.get(0),
                    previous.subList(1, previous.size()), word.prefix());
        }
        List<String> found;
        try {
            found = client.complete(query);
        } catch (AdminClient.Unreachable | IOException e) {
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        boolean argument = query.kind() == CompletionQuery.Kind.ARGUMENT;
        for (String f : found) {
            String value = argument ? ShellInput.quoteForArgument(f, word.quote()) : f;
            candidates.add(new Candidate(value, f, null, null, null, null, true));
        }
    }

    private static void ownerOnly(Path file) throws IOException {
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
        Files.setPosixFilePermissions(file, OWNER_ONLY);
    }

    /**
     * Tells JLine when a statement goes on on the next line, and hands the completer the whole
     * text with the cursor: the word to replace starts where {@link ShellInput#wordAt} says.
     */
    private static final class StatementParser implements Parser {
        @Override
        public ParsedLine parse(String line, int cursor, ParseContext context) {
            if (context == ParseContext.ACCEPT_LINE && ShellInput.continues(line)) {
                throw new EOFError(-1, -1, "the statement goes on", ">>");
            }
            int safeCursor = Math.max(0, Math.min(cursor, line.length()));
            ShellInput.Word word = ShellInput.wordAt(line.substring(0, safeCursor));
            return new Statement(line, safeCursor, safeCursor - word.start());
        }
    }

    /**
     * A statement as JLine sees it. The word JLine matches candidates against is empty: the
     * server already chose the candidates, and they may start with a quote the user did not
     * type. JLine replaces the {@code typed} characters before the cursor with the completion.
     */
    private record Statement(String line, int cursor, int typed)
            implements CompletingParsedLine {

        @Override
        public String word() {
            return "";
        }

        @Override
        public int wordCursor() {
            return 0;
        }

        @Override
        public int wordIndex() {
            return 0;
        }

        @Override
        public List<String> words() {
            return List.of("");
        }

        @Override
        public CharSequence escape(CharSequence candidate, boolean complete) {
            return candidate;
        }

        @Override
        public int rawWordCursor() {
            return typed;
        }

        @Override
        public int rawWordLength() {
            return typed;
        }
    }

    /** Takes the server's candidates as they are; their common prefix ignores case. */
    private static final class ServerMatcher implements CompletionMatcher {
        private List<Candidate> matches = List.of();

        @Override
        public void compile(Map<LineReader.Option, Boolean> options, boolean prefix,
                CompletingParsedLine line, boolean caseInsensitive, int errors,
                String originalGroupName) {
            matches = List.of();
        }

        @Override
        public List<Candidate> matches(List<Candidate> candidates) {
            matches = List.copyOf(candidates);
            return matches;
        }

        @Override
        public Candidate exactMatch() {
            return matches.size() == 1 ? matches.get(0) : null;
        }

        @Override
        public String getCommonPrefix() {
            if (matches.isEmpty()) {
                return "";
            }
            String first = matches.get(0).value();
            int len = first.length();
            for (Candidate c : matches) {
                String v = c.value();
                int i = 0;
                while (i < len && i < v.length() && Character.toLowerCase(v.charAt(i))
                        == Character.toLowerCase(first.charAt(i))) {
                    i++;
                }
                len = i;
            }
            return first.substring(0, len);
        }
    }
    /**
     * Whether a statement goes into the history. Like PSReadLine (the 5.1 console's line
     * editor), lines that speak of secrets are left out, so a
     * {@code ConvertTo-SecureString 'pw' -AsPlainText} typed here is not kept in
     * {@code DIR/shell-history}.
     */
    static boolean keptInHistory(String line) {
        return !SENSITIVE.matcher(line).find();
    }

    private static final java.util.regex.Pattern SENSITIVE = java.util.regex.Pattern.compile(
            "password|asplaintext|token|apikey|secret", java.util.regex.Pattern.CASE_INSENSITIVE);

    /** JLine's history without the statements {@link #keptInHistory} leaves out. */
    private static final class DiscreetHistory
            extends org.jline.reader.impl.history.DefaultHistory {
        @Override
        public void add(java.time.Instant time, String line) {
            if (keptInHistory(line)) {
                super.add(time, line);
            }
        }
    }
}
