package org.postern.cli;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * What the interactive shell needs to know of the text being typed, before the server parses it:
 * whether a statement goes on on the next line (EMS's {@code >> } prompt), and the word at the
 * cursor with the words of its pipeline element (for completion). A lexical scan only: quotes,
 * brackets, comments and here-strings; the server's parser has the last word on syntax.
 */
final class ShellInput {

    private ShellInput() {
    }

    private static boolean isSingleQuote(char c) {
        return c == '\'' || c == '\u2018' || c == '\u2019' || c == '\u201a' || c == '\u201b';
    }

    private static boolean isDoubleQuote(char c) {
        return c == '"' || c == '\u201c' || c == '\u201d' || c == '\u201e';
    }

    private static boolean isDash(char c) {
        return c == '-' || c == '\u2013' || c == '\u2014' || c == '\u2015';
    }

    /** Characters after which a {@code #} starts a comment (the start of a token). */
    private static boolean startsToken(String s, int i) {
        if (i == 0) {
            return true;
        }
        char p = s.charAt(i - 1);
        return Character.isWhitespace(p) || ";|(){},".indexOf(p) >= 0;
    }

    /** The scanner's view of a text: open brackets and strings at its end, and its words. */
    private static final class Scan {
        /** Open {@code ( { [} and {@code "} (a double-quoted string), innermost last. */
        final Deque<Character> open = new ArrayDeque<>();
        boolean inSingleQuote;
        boolean inHereString;
        boolean inBlockComment;
        /** The last character outside strings and comments that is not white space. */
        char last;
        /** Whether the text ends in a backtick (line continuation). */
        boolean backtick;
        /** The words of the current pipeline element, the last one possibly unfinished. */
        List<String> words = new ArrayList<>();
        /** Where the last word starts; -1 when the text ends in white space. */
        int wordStart = -1;
        StringBuilder word;

        void endWord() {
            if (word != null) {
                words.add(word.toString());
                word = null;
            }
            wordStart = -1;
        }

        void newElement() {
            endWord();
            words = new ArrayList<>();
        }

        /** The outer elements' words while a ( ) or { } group is open, innermost first. */
        private final Deque<Object[]> groups = new ArrayDeque<>();

        void enterGroup(int at) {
            groups.push(new Object[] {words, word, word == null ? at : wordStart});
            word = null;
            wordStart = -1;
            words = new ArrayList<>();
        }

        @SuppressWarnings("unchecked")
        void leaveGroup(String placeholder) {
            if (groups.isEmpty()) {
                newElement();
                return;
            }
            Object[] outer = groups.pop();
            words = (List<String>) outer[0];
            word = (StringBuilder) outer[1];
            wordStart = (Integer) outer[2];
            if (word == null) {
                word = new StringBuilder();
            }
            word.append(placeholder);
        }

        void append(String text, int from, int to) {
            if (word == null) {
                word = new StringBuilder();
                wordStart = from;
            }
            word.append(text, from, to);
        }
    }

    private static Scan scan(String s) {
        Scan sc = new Scan();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            boolean code = sc.open.isEmpty() || sc.open.peek() != '"';
            if (!code) {
                // Inside a double-quoted string.
                if (c == '`' && i + 1 < n) {
                    sc.append(s, i, i + 2);
                    i += 2;
                } else if (isDoubleQuote(c) && i + 1 < n && isDoubleQuote(s.charAt(i + 1))) {
                    sc.append(s, i, i + 2);
                    i += 2;
                } else if (isDoubleQuote(c)) {
                    sc.open.pop();
                    sc.append(s, i, i + 1);
                    i++;
                } else if (c == '$' && i + 1 < n && s.charAt(i + 1) == '(') {
                    sc.open.push('s');
                    sc.append(s, i, i + 2);
                    i += 2;
                } else {
                    sc.append(s, i, i + 1);
                    i++;
                }
                continue;
            }
            if (c == '<' && i + 1 < n && s.charAt(i + 1) == '#') {
                int end = s.indexOf("#>", i + 2);
                if (end < 0) {
                    sc.inBlockComment = true;
                    return sc;
                }
                i = end + 2;
                continue;
            }
            if (c == '#' && startsToken(s, i)) {
                int end = s.indexOf('\n', i);
                if (end < 0) {
                    return sc;
                }
                i = end;
                continue;
            }
            if (c == '@' && i + 1 < n && (isSingleQuote(s.charAt(i + 1))
                    || isDoubleQuote(s.charAt(i + 1)))
                    && lineEndsAt(s, i + 2)) {
                char q = isSingleQuote(s.charAt(i + 1)) ? '\'' : '"';
                int end = hereStringEnd(s, i + 2, q);
                if (end < 0) {
                    sc.inHereString = true;
                    return sc;
                }
                sc.append(s, i, end);
                sc.last = '@';
                i = end;
                continue;
            }
            if (isSingleQuote(c)) {
                int j = i + 1;
                while (true) {
                    if (j >= n) {
                        sc.inSingleQuote = true;
                        sc.append(s, i, n);
                        return sc;
                    }
                    if (isSingleQuote(s.charAt(j))) {
                        if (j + 1 < n && isSingleQuote(s.charAt(j + 1))) {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                sc.append(s, i, j + 1);
                sc.last = '\'';
                i = j + 1;
                continue;
            }
            if (isDoubleQuote(c)) {
                sc.open.push('"');
                sc.append(s, i, i + 1);
                sc.last = '"';
                i++;
                continue;
            }
            if (c == '`') {
                if (i + 1 >= n) {
                    sc.backtick = true;
                    return sc;
                }
                sc.append(s, i, i + 2);
                i += 2;
                continue;
            }
            if (c == '(' || c == '{' || c == '[') {
                sc.open.push(c);
                if (c == '[') {
                    sc.append(s, i, i + 1);
                } else {
                    sc.enterGroup(i);
                }
                sc.last = c;
                i++;
                continue;
            }
            if (c == ')' && !sc.open.isEmpty() && sc.open.peek() == 's') {
                // The end of $( ) inside a double-quoted string: back in the string.
                sc.open.pop();
                sc.append(s, i, i + 1);
                i++;
                continue;
            }
            if (c == ')' || c == '}' || c == ']') {
                char want = c == ')' ? '(' : c == '}' ? '{' : '[';
                boolean matched = !sc.open.isEmpty() && sc.open.peek() == want;
                if (matched) {
                    sc.open.pop();
                }
                if (c == ']') {
                    sc.append(s, i, i + 1);
                } else if (matched) {
                    // What was inside the brackets is one piece of the word around them.
                    sc.leaveGroup(c == ')' ? "(...)" : "{...}");
                }
                sc.last = c;
                i++;
                continue;
            }
            if (c == '|' || c == ';' || c == '\n') {
                if (c == '\n' && (sc.last == '|' || sc.last == ',')) {
                    // The statement continues on the next line; the element goes on.
                    sc.endWord();
                } else {
                    sc.newElement();
                }
                if (c != '\n') {
                    sc.last = c;
                }
                i++;
                continue;
            }
            if (c == ',') {
                sc.append(s, i, i + 1);
                sc.endWord();
                sc.last = c;
                i++;
                continue;
            }
            if (Character.isWhitespace(c)) {
                sc.endWord();
                i++;
                continue;
            }
            sc.append(s, i, i + 1);
            sc.last = c;
            i++;
        }
        return sc;
    }

    /** Whether only blanks follow {@code from} up to the end of its line (or of the text). */
    private static boolean lineEndsAt(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n') {
                return true;
            }
            if (c != ' ' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    /** The index after the closing {@code '@} or {@code "@} at the start of a line, or -1. */
    private static int hereStringEnd(String s, int from, char quote) {
        int i = s.indexOf('\n', from);
        while (i >= 0) {
            int j = i + 1;
            if (j + 1 < s.length() && s.charAt(j) == quote && s.charAt(j + 1) == '@') {
                return j + 2;
            }
            i = s.indexOf('\n', j);
        }
        return -1;
    }

    /**
     * Whether the text is a statement that goes on on the next line: it ends in {@code |},
     * {@code ,} or a backtick, or leaves a bracket, a quote, a here-string or a block comment
     * open. A blank last line ends the statement anyway, as in the EMS console, so that the
     * server can report what is wrong.
     */
    static boolean continues(String text) {
        int lastNewline = text.lastIndexOf('\n');
        if (lastNewline >= 0 && text.substring(lastNewline + 1).isBlank()) {
            return false;
        }
        Scan sc = scan(text);
        if (sc.backtick || sc.inSingleQuote || sc.inHereString || sc.inBlockComment
                || !sc.open.isEmpty()) {
            return true;
        }
        return sc.last == '|' || sc.last == ',';
    }

    /**
     * The word at the end of {@code before} (the text up to the cursor) and the finished words
     * of its pipeline element before it.
     *
     * @param start where the word starts in {@code before} (its length when the word is empty)
     * @param text the word as typed so far, quote included
     * @param previous the finished words of the element before this one, the command first
     */
    record Word(int start, String text, List<String> previous) {

        /** The opening quote of the word, or 0. */
        char quote() {
            if (text.isEmpty()) {
                return 0;
            }
            char c = text.charAt(0);
            return isSingleQuote(c) ? '\'' : isDoubleQuote(c) ? '"' : 0;
        }

        /** Whether the word is a parameter name ({@code -Name}, any dash). */
        boolean isParameter() {
            return !text.isEmpty() && isDash(text.charAt(0)) && text.indexOf(':') < 0
                    && !previous.isEmpty();
        }

        boolean isCommand() {
            return previous.isEmpty();
        }

        /** The word without its quote or dash: what the completions must start with. */
        String prefix() {
            if (quote() != 0 || isParameter()) {
                return text.substring(1);
            }
            return text;
        }
    }

    /** The word the cursor is in (at the end of {@code before}), for completion. */
    static Word wordAt(String before) {
        Scan sc = scan(before);
        if (sc.word == null) {
            return new Word(before.length(), "", List.copyOf(sc.words));
        }
        return new Word(sc.wordStart, sc.word.toString(), List.copyOf(sc.words));
    }

    /**
     * A completion as it goes into the line: quoted with the word's own quote, or with single
     * quotes when it holds characters that would end an argument.
     */
    static String quoteForArgument(String value, char quote) {
        if (quote == '"') {
            return '"' + value.replace("`", "``").replace("\"", "`\"").replace("$", "`$") + '"';
        }
        if (quote == 0 && value.matches("(?i)\\$(true|false|null)")) {
            return value;
        }
        boolean plain = quote == 0 && !value.isEmpty();
        for (int i = 0; plain && i < value.length(); i++) {
            char c = value.charAt(i);
            plain = !Character.isWhitespace(c) && " '\"`$,;(){}|&<>@#".indexOf(c) < 0
                    && !isSingleQuote(c) && !isDoubleQuote(c);
        }
        if (plain && !isDash(value.charAt(0))) {
            return value;
        }
        return "'" + value.replace("'", "''") + "'";
    }
}
