package org.postern.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Prints error records the way the 5.1 console's default error view does (sections 4.1 to 4.3
 * of the shell behaviour notes): prefix and message, the {@code At line:} block with the
 * source line and {@code ~} marks, the {@code + CategoryInfo} and
 * {@code + FullyQualifiedErrorId} lines (and {@code + PSComputerName} for Exchange errors),
 * then a line holding one space.
 */
final class ErrorView {

    /** Columns a source line keeps in the position block ("+ " and dots come on top). */
    private static final int MAX_SOURCE = 69;

    /** The console width text is laid out in (the buffer width minus one). */
    private final int width;

    ErrorView(int width) {
        this.width = width;
    }

    String render(ErrorRecord r) {
        StringBuilder sb = new StringBuilder();
        switch (r.kind()) {
            case PARSE:
                sb.append(r.message()).append('\n');
                break;
            case REMOTE:
                sb.append(r.message()).append('\n');
                break;
            default:
                if (r.prefix() != null && !r.prefix().isEmpty()) {
                    sb.append(r.prefix()).append(" : ");
                }
                sb.append(r.message()).append('\n');
                if (r.extent() != null && r.source() != null) {
                    sb.append(position(r.source(), r.extent())).append('\n');
                }
                break;
        }
        sb.append(info("CategoryInfo", categoryInfo(r)));
        sb.append(info("FullyQualifiedErrorId", r.fullyQualifiedErrorId()));
        if (r.kind() == ErrorRecord.Kind.REMOTE && r.computerName() != null) {
            sb.append(info("PSComputerName", r.computerName()));
        }
        sb.append(" \n");
        return sb.toString();
    }

    /** The message of a parse failure: each error's position block and text, at most 10. */
    static String parseMessage(Source source, List<ParseError> errors) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < errors.size() && i < 10; i++) {
            ParseError e = errors.get(i);
            parts.add(position(source, e.extent()) + "\n" + e.message());
        }
        return String.join("\n\n", parts);
    }

    /** {@code <Category>: (<target>:<type>) [<activity>], <reason>}, each part ellipsised. */
    static String categoryInfo(ErrorRecord r) {
        ShellError e = r.error();
        String target = e.targetName() == null ? "" : e.targetName();
        String type = "";
        Object t = r.targetObject();
        if (t instanceof PsObject) {
            // Objects reach EMS deserialized: PowerShell sees a PSObject.
            type = "PSObject";
        } else if (t != null) {
            type = shortTypeName(t);
        } else if (!target.isEmpty()) {
            type = "String";
        }
        // 5.1 also shortens the reason when it is long (ParameterBindin...mationException is
        // what EMS prints); later versions keep exception type names whole.
        return e.category().name() + ": (" + ellipsise(target) + ":" + ellipsise(type) + ") ["
                + ellipsise(r.activity() == null ? "" : r.activity()) + "], "
                + ellipsise(e.reason());
    }

    private static String shortTypeName(Object o) {
        String full = Values.typeName(o);
        int dot = full.lastIndexOf('.');
        return dot >= 0 ? full.substring(dot + 1) : full;
    }

    /** Above 40 characters: the first 15, {@code ...}, the last 15. */
    static String ellipsise(String s) {
        if (s.length() <= 40) {
            return s;
        }
        return s.substring(0, 15) + "..." + s.substring(s.length() - 15);
    }

    /**
     * One {@code + Label : value} line. The console view cuts the line into chunks of
     * (buffer width - 6) characters, puts four spaces before each chunk and writes them as one
     * string, which the console then wraps at its width; hence the odd 3- and 2-space
     * indentation of continuation lines in real Exchange output.
     */
    private String info(String label, String value) {
        return infoLine(label, value, width);
    }

    static String infoLine(String label, String value, int width) {
        String line = "+ " + pad(label, 21) + " : " + value;
        int chunk = width + 1 - 6;
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < line.length(); i += chunk) {
            joined.append("    ").append(line, i, Math.min(line.length(), i + chunk));
        }
        StringBuilder out = new StringBuilder();
        String text = joined.toString();
        for (int i = 0; i < text.length(); i += width) {
            out.append(stripTrailing(text.substring(i, Math.min(text.length(), i + width))))
                    .append('\n');
        }
        return out.toString();
    }

    private static String stripTrailing(String s) {
        int e = s.length();
        while (e > 0 && s.charAt(e - 1) == ' ') {
            e--;
        }
        return s.substring(0, e);
    }

    private static String pad(String s, int n) {
        StringBuilder sb = new StringBuilder(s);
        while (sb.length() < n) {
            sb.append(' ');
        }
        return sb.toString();
    }

    /**
     * {@code At line:L char:C}, the source line after {@code + }, and {@code ~} under the
     * extent. A line longer than 69 columns is cut around the error with {@code ... } marks:
     * up to 12 characters of context before, 8 after, then as much before (and after) as fits.
     */
    static String position(Source source, Ast.Extent extent) {
        int start = Math.min(extent.start(), source.text().length());
        int line = source.line(start);
        int column = source.column(start);
        String text = stripTrailing(source.lineText(line).replaceAll("\\s+$", ""));
        StringBuilder sb = new StringBuilder();
        sb.append("At line:").append(line).append(" char:").append(column).append('\n');
        if (text.isEmpty()) {
            return sb.append("+ ").toString();
        }
        int before = column - 1;
        int endLine = source.line(Math.max(start, extent.end()));
        int length = endLine == line ? extent.end() - start : text.length() - before;
        if (before > text.length()) {
            before = text.length();
        }
        length = Math.max(0, Math.min(length, text.length() - before));
        if (text.indexOf('\t') >= 0) {
            String pre = text.substring(0, before).replace("\t", "    ");
            String err = text.substring(before, before + length).replace("\t", "    ");
            text = pre + err + text.substring(before + length).replace("\t", "    ");
            before = pre.length();
            length = err.length();
        }
        boolean dotsBefore = false;
        boolean dotsAfter = false;
        if (text.length() > MAX_SOURCE) {
            int totalPrefix = before;
            int prefix = Math.min(totalPrefix, 12);
            int totalSuffix = text.length() - length - before;
            int suffix = Math.min(totalSuffix, 8);
            int candidate = prefix + length + suffix;
            if (candidate >= MAX_SOURCE) {
                if (prefix + length >= MAX_SOURCE) {
                    length = MAX_SOURCE - prefix;
                }
                dotsAfter = true;
            } else {
                int prefixAvailable = totalPrefix - prefix;
                if (prefixAvailable > 0) {
                    prefix += Math.min(prefixAvailable, MAX_SOURCE - candidate);
                    candidate = prefix + length + suffix;
                }
                if (candidate < MAX_SOURCE && totalSuffix > 0) {
                    suffix += Math.min(totalSuffix, MAX_SOURCE - candidate);
                }
                dotsAfter = suffix < totalSuffix;
            }
            dotsBefore = prefix < totalPrefix;
            int from = Math.max(before - prefix, 0);
            text = text.substring(from, Math.min(text.length(), from + MAX_SOURCE));
            before = Math.min(before, prefix);
            length = Math.min(length, MAX_SOURCE - before);
        }
        sb.append("+ ");
        if (dotsBefore) {
            sb.append("... ");
        }
        sb.append(text);
        if (dotsAfter) {
            sb.append(" ...");
        }
        sb.append("\n+ ");
        sb.append(" ".repeat(before + (dotsBefore ? 4 : 0)));
        sb.append("~".repeat(Math.max(1, length)));
        return sb.toString();
    }
}
