package org.postern.shell;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The help text of one command, which Get-Help prints together with what the binder knows
 * (parameter sets, positions, mandatory parameters, pipeline input). It is read from the
 * resource {@code help/<Command-Name>.help} beside this class, a plain-text file:
 *
 * <pre>
 * = synopsis
 * One sentence.
 * = description
 * Paragraphs, separated by empty lines; the lines of a paragraph are joined.
 * = parameter Identity ReceiveConnectorIdParameter
 * default: None
 * wildcards: true
 * What the parameter does.
 * = example Get-ReceiveConnector "Anonymous Relay"
 * +  | fl Name,Bindings
 * What the example does (a line that starts with "+ " goes on with the code).
 * = link Set-ReceiveConnector
 * = include receive-connector-properties
 * </pre>
 *
 * An include reads {@code help/<name>.help} in place (its parameter sections, usually), so
 * commands that share parameters share their text.
 */
public final class CommandHelp {

    /** The help of one parameter. */
    public record ParameterHelp(String typeName, List<String> description, String defaultValue,
            boolean wildcards) {
    }

    /** One example: the code and the paragraphs that explain it. */
    public record Example(String code, List<String> remarks) {
    }

    private String synopsis = "";
    private final List<String> description = new ArrayList<>();
    private final Map<String, ParameterHelp> parameters = new LinkedHashMap<>();
    private final List<Example> examples = new ArrayList<>();
    private final List<String> links = new ArrayList<>();

    private CommandHelp() {
    }

    private static final Map<String, Optional<CommandHelp>> CACHE = new ConcurrentHashMap<>();

    /** The help of a command, or null when it has no help file. */
    public static CommandHelp of(String commandName) {
        return CACHE.computeIfAbsent(commandName.toLowerCase(Locale.ROOT), k -> {
            String text = resource(commandName);
            if (text == null) {
                return Optional.empty();
            }
            CommandHelp h = new CommandHelp();
            h.read(text, 0);
            return Optional.of(h);
        }).orElse(null);
    }

    private static String resource(String name) {
        try (InputStream in = CommandHelp.class.getResourceAsStream("help/" + name + ".help")) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String synopsis() {
        return synopsis;
    }

    public List<String> description() {
        return description;
    }

    /** The help of a parameter by name (any case), or null. */
    public ParameterHelp parameter(String name) {
        return parameters.get(name.toLowerCase(Locale.ROOT));
    }

    /** The names of the parameters the help describes (lower case). */
    public java.util.Set<String> parameterNames() {
        return parameters.keySet();
    }

    public List<Example> examples() {
        return examples;
    }

    public List<String> links() {
        return links;
    }

    private void read(String text, int depth) {
        if (depth > 4) {
            throw new IllegalStateException("help includes nest too deeply");
        }
        String header = null;
        List<String> body = new ArrayList<>();
        for (String line : (text + "\n= end").split("\n", -1)) {
            if (line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("= ")) {
                if (header != null) {
                    section(header, body, depth);
                }
                header = line.substring(2).trim();
                body = new ArrayList<>();
            } else {
                body.add(line);
            }
        }
    }

    private void section(String header, List<String> body, int depth) {
        String[] words = header.split(" ", 2);
        String rest = words.length > 1 ? words[1].trim() : "";
        switch (words[0]) {
            case "synopsis":
                synopsis = String.join(" ", paragraphs(body));
                break;
            case "description":
                description.addAll(paragraphs(body));
                break;
            case "parameter": {
                String[] nt = rest.split(" ", 2);
                String defaultValue = "";
                boolean wildcards = false;
                List<String> lines = new ArrayList<>();
                for (String l : body) {
                    if (l.startsWith("default:")) {
                        defaultValue = l.substring(8).trim();
                    } else if (l.startsWith("wildcards:")) {
                        wildcards = l.substring(10).trim().equalsIgnoreCase("true");
                    } else {
                        lines.add(l);
                    }
                }
                parameters.put(nt[0].toLowerCase(Locale.ROOT), new ParameterHelp(
                        nt.length > 1 ? nt[1].trim() : null, paragraphs(lines), defaultValue,
                        wildcards));
                break;
            }
            case "example": {
                StringBuilder code = new StringBuilder(rest);
                List<String> remarks = new ArrayList<>();
                for (String l : body) {
                    if (l.startsWith("+ ") && remarks.isEmpty()) {
                        code.append(l.substring(2));
                    } else {
                        remarks.add(l);
                    }
                }
                examples.add(new Example(code.toString(), paragraphs(remarks)));
                break;
            }
            case "link":
                links.add(rest);
                break;
            case "include": {
                String text = resource(rest);
                if (text == null) {
                    throw new IllegalStateException("no help file " + rest);
                }
                read(text, depth + 1);
                break;
            }
            default:
                throw new IllegalStateException("unknown help section " + header);
        }
    }

    /** Lines to paragraphs: empty lines separate them, the lines of one are joined. */
    private static List<String> paragraphs(List<String> lines) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String l : lines) {
            String t = l.trim();
            if (t.isEmpty()) {
                if (current.length() > 0) {
                    out.add(current.toString());
                    current.setLength(0);
                }
            } else {
                current.append(current.length() > 0 ? " " : "").append(t);
            }
        }
        if (current.length() > 0) {
            out.add(current.toString());
        }
        return out;
    }
}
