package org.postern.shell;

import java.util.ArrayList;
import java.util.List;
import org.postern.shell.Token.Kind;

/**
 * Scans the script one token at a time, in the mode the parser asks for: expression mode, where
 * {@code -eq} is an operator and words need quotes, or argument mode, where almost anything is
 * a string (section 1.1 of the shell behaviour notes). Whitespace, comments ({@code #} and
 * {@code <# #>}) and backtick line continuations are skipped between tokens; newlines are
 * tokens.
 *
 * <p>Curly quotes count as quotes and the en dash, em dash and horizontal bar as dashes, as in
 * PowerShell, so snippets pasted from web pages work.
 */
final class Tokenizer {

    private final String src;
    private final int limit;
    private int pos;
    /** How many strings with subexpressions {@link #skipBalanced} is inside. */
    private int stringNesting;

    Tokenizer(String src, int start, int limit) {
        this.src = src;
        this.pos = start;
        this.limit = limit;
    }

    int position() {
        return pos;
    }

    void reset(int position) {
        pos = position;
    }

    int limit() {
        return limit;
    }

    String source() {
        return src;
    }

    // ---------------------------------------------------------------- character classes

    static boolean isDash(char c) {
        return c == '-' || c == '\u2013' || c == '\u2014' || c == '\u2015';
    }

    static boolean isSingleQuote(char c) {
        return c == '\'' || c == '\u2018' || c == '\u2019' || c == '\u201a' || c == '\u201b';
    }

    static boolean isDoubleQuote(char c) {
        return c == '"' || c == '\u201c' || c == '\u201d' || c == '\u201e';
    }

    private static boolean isNewline(char c) {
        return c == '\n' || c == '\r';
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\f' || c == '\u00a0' || c == '\u000b';
    }

    static boolean isVariableChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** Characters that end a bare word in argument mode (besides whitespace). */
    private static boolean isArgumentTerminator(char c) {
        return c == ',' || c == ';' || c == '(' || c == ')' || c == '{' || c == '}'
                || c == '|' || c == '&';
    }

    /** Characters that end a parameter name: {@code { } ( ) ; , | & . [ :} and quotes. */
    private static boolean endsParameterName(char c) {
        return isBlank(c) || isNewline(c) || c == '{' || c == '}' || c == '(' || c == ')'
                || c == ';' || c == ',' || c == '|' || c == '&' || c == '.' || c == '['
                || c == ':' || isSingleQuote(c) || isDoubleQuote(c);
    }

    private char at(int i) {
        return i < limit ? src.charAt(i) : '\0';
    }

    private boolean atEnd(int i) {
        return i >= limit;
    }

    // ---------------------------------------------------------------- trivia

    /**
     * Skips blanks, comments and line continuations; also newlines when {@code newlines} is
     * set. Returns whether anything was skipped.
     */
    boolean skipTrivia(boolean newlines) {
        int before = pos;
        while (!atEnd(pos)) {
            char c = at(pos);
            if (isBlank(c)) {
                pos++;
            } else if (c == '`' && isNewline(at(pos + 1))) {
                pos += 2;
                if (at(pos - 1) == '\r' && at(pos) == '\n') {
                    pos++;
                }
            } else if (newlines && isNewline(c)) {
                pos++;
            } else if (c == '#') {
                while (!atEnd(pos) && !isNewline(at(pos))) {
                    pos++;
                }
            } else if (c == '<' && at(pos + 1) == '#') {
                int close = src.indexOf("#>", pos + 2);
                if (close < 0 || close + 2 > limit) {
                    throw error("MissingEndOfBlockComment",
                            "The '<#' block comment is missing its '#>' terminator.", pos, limit);
                }
                pos = close + 2;
            } else {
                break;
            }
        }
        return pos > before;
    }

    ParseException error(String id, String message, int start, int end) {
        return new ParseException(new ParseError(id, message, new Ast.Extent(start, end)));
    }

    // ---------------------------------------------------------------- tokens common to modes

    /** The structural tokens both modes share, or null. Does not skip trivia. */
    private Token structural() {
        int s = pos;
        if (atEnd(pos)) {
            return Token.of(Kind.EOF, "", s, s);
        }
        char c = at(pos);
        char n = at(pos + 1);
        switch (c) {
            case '\r':
                pos += n == '\n' ? 2 : 1;
                return Token.of(Kind.NEWLINE, "\n", s, pos);
            case '\n':
                pos++;
                return Token.of(Kind.NEWLINE, "\n", s, pos);
            case ';':
                pos++;
                return Token.of(Kind.SEMI, ";", s, pos);
            case '|':
                if (n == '|') {
                    throw error("InvalidEndOfLine", "The token '||' is not a valid statement"
                            + " separator in this version.", s, s + 2);
                }
                pos++;
                return Token.of(Kind.PIPE, "|", s, pos);
            case '&':
                if (n == '&') {
                    throw error("InvalidEndOfLine", "The token '&&' is not a valid statement"
                            + " separator in this version.", s, s + 2);
                }
                pos++;
                return Token.of(Kind.AMPERSAND, "&", s, pos);
            case '(':
                pos++;
                return Token.of(Kind.LPAREN, "(", s, pos);
            case ')':
                pos++;
                return Token.of(Kind.RPAREN, ")", s, pos);
            case '{':
                pos++;
                return Token.of(Kind.LBRACE, "{", s, pos);
            case '}':
                pos++;
                return Token.of(Kind.RBRACE, "}", s, pos);
            case ',':
                pos++;
                return Token.of(Kind.COMMA, ",", s, pos);
            case '@':
                if (n == '(') {
                    pos += 2;
                    return Token.of(Kind.AT_PAREN, "@(", s, pos);
                }
                if (n == '{') {
                    pos += 2;
                    return Token.of(Kind.AT_BRACE, "@{", s, pos);
                }
                if (isDoubleQuote(n) || isSingleQuote(n)) {
                    Token here = hereString();
                    if (here != null) {
                        return here;
                    }
                }
                if (isVariableChar(n)) {
                    int e = pos + 1;
                    while (isVariableChar(at(e))) {
                        e++;
                    }
                    String name = src.substring(pos + 1, e);
                    pos = e;
                    return Token.of(Kind.SPLAT, name, s, e);
                }
                return null;
            case '$':
                if (n == '(') {
                    pos += 2;
                    return Token.of(Kind.DOLLAR_PAREN, "$(", s, pos);
                }
                return variable();
            case '>':
                return redirection(s, s + 1);
            case '<':
                throw error("RedirectionNotSupported",
                        "The '<' operator is reserved for future use.", s, s + 1);
            default:
                if (isSingleQuote(c)) {
                    return singleQuoted();
                }
                if (isDoubleQuote(c)) {
                    return doubleQuoted();
                }
                if ((c >= '1' && c <= '6' || c == '*') && n == '>') {
                    return redirection(s, s + 2);
                }
                return null;
        }
    }

    private Token redirection(int s, int e) {
        while (at(e) == '>' || at(e) == '&' || Character.isDigit(at(e))) {
            e++;
        }
        pos = e;
        return Token.of(Kind.REDIRECTION, src.substring(s, e), s, e);
    }

    /** {@code $name}, {@code ${name}}, {@code $_}, {@code $?}, {@code $$}, {@code $^}. */
    private Token variable() {
        int s = pos;
        char n = at(pos + 1);
        if (n == '{') {
            int close = src.indexOf('}', pos + 2);
            if (close < 0 || close >= limit) {
                throw error("IncompleteDollarVariableReference", "Missing '}' in variable"
                        + " reference.", s, limit);
            }
            String name = src.substring(pos + 2, close).replace("`", "");
            pos = close + 1;
            return Token.of(Kind.VARIABLE, name, s, pos);
        }
        if (n == '?' || n == '$' || n == '^') {
            pos += 2;
            return Token.of(Kind.VARIABLE, String.valueOf(n), s, pos);
        }
        if (!isVariableChar(n)) {
            return null;
        }
        int e = scanVariableName(pos + 1);
        String name = src.substring(pos + 1, e);
        pos = e;
        return Token.of(Kind.VARIABLE, name, s, e);
    }

    /**
     * The end of a variable name starting at {@code i}: letters, digits and underscores, with
     * one {@code scope:} or {@code drive:} prefix. A colon not followed by a name character is
     * an error, as in PowerShell ({@code "$HOME: x"}).
     */
    private int scanVariableName(int i) {
        int e = i;
        while (isVariableChar(at(e))) {
            e++;
        }
        if (at(e) == ':' && at(e + 1) != ':') {
            if (isVariableChar(at(e + 1))) {
                e++;
                while (isVariableChar(at(e))) {
                    e++;
                }
            } else {
                throw error("InvalidVariableReferenceWithDrive", "Variable reference is not"
                        + " valid. ':' was not followed by a valid variable name character."
                        + " Consider using ${} to delimit the name.", i - 1, e + 1);
            }
        }
        return e;
    }

    // ---------------------------------------------------------------- strings

    private Token singleQuoted() {
        int s = pos;
        StringBuilder sb = new StringBuilder();
        int i = pos + 1;
        while (true) {
            if (atEnd(i)) {
                throw error("TerminatorExpectedAtEndOfString",
                        "The string is missing the terminator: '.", s, lineEnd(s));
            }
            char c = at(i);
            if (isSingleQuote(c)) {
                if (isSingleQuote(at(i + 1))) {
                    sb.append(c);
                    i += 2;
                    continue;
                }
                i++;
                break;
            }
            sb.append(c);
            i++;
        }
        pos = i;
        return new Token(Kind.STRING, sb.toString(), sb.toString(), null, s, i, false);
    }

    private Token doubleQuoted() {
        int s = pos;
        List<Token.Part> parts = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int i = pos + 1;
        while (true) {
            if (atEnd(i)) {
                throw error("TerminatorExpectedAtEndOfString",
                        "The string is missing the terminator: \".", s, lineEnd(s));
            }
            char c = at(i);
            if (isDoubleQuote(c)) {
                if (isDoubleQuote(at(i + 1))) {
                    lit.append(c);
                    i += 2;
                    continue;
                }
                i++;
                break;
            }
            if (c == '`') {
                if (atEnd(i + 1)) {
                    throw error("TerminatorExpectedAtEndOfString",
                            "The string is missing the terminator: \".", s, lineEnd(s));
                }
                lit.append(escape(at(i + 1)));
                i += 2;
                continue;
            }
            if (c == '$') {
                int after = dollarPart(i, parts, lit);
                if (after > i) {
                    i = after;
                    continue;
                }
            }
            lit.append(c);
            i++;
        }
        flush(parts, lit);
        pos = i;
        return new Token(Kind.EXPANDABLE, src.substring(s, i), null, parts, s, i, false);
    }

    /**
     * {@code @"..."@} or {@code @'...'@}: the opening mark ends its line, the closing mark starts
     * a line; neither newline belongs to the content. Null when the opening mark is not at the
     * end of its line (then it is not a here-string).
     */
    private Token hereString() {
        int s = pos;
        char q = at(pos + 1);
        boolean expand = isDoubleQuote(q);
        int i = pos + 2;
        while (isBlank(at(i))) {
            i++;
        }
        if (!isNewline(at(i))) {
            throw error("UnexpectedCharactersAfterHereStringHeader", "No characters are allowed"
                    + " after a here-string header but before the end of the line.", s, i);
        }
        i += at(i) == '\r' && at(i + 1) == '\n' ? 2 : 1;
        int contentStart = i;
        int lineStart = i;
        int contentEnd = -1;
        int close = -1;
        while (!atEnd(lineStart)) {
            char c = at(lineStart);
            boolean closing = expand ? isDoubleQuote(c) : isSingleQuote(c);
            if (closing && at(lineStart + 1) == '@') {
                contentEnd = lineStart;
                close = lineStart + 2;
                break;
            }
            int e = lineStart;
            while (!atEnd(e) && !isNewline(at(e))) {
                e++;
            }
            if (atEnd(e)) {
                break;
            }
            lineStart = e + (at(e) == '\r' && at(e + 1) == '\n' ? 2 : 1);
        }
        if (close < 0) {
            throw error("TerminatorExpectedAtEndOfString", "The string is missing the terminator: "
                    + (expand ? "\"@" : "'@") + ".", s, lineEnd(s));
        }
        int end = contentEnd;
        if (end > contentStart && at(end - 1) == '\n') {
            end--;
            if (end > contentStart && at(end - 1) == '\r') {
                end--;
            }
        } else {
            end = contentStart;
        }
        pos = close;
        if (!expand) {
            String text = src.substring(contentStart, end);
            return new Token(Kind.STRING, text, text, null, s, close, false);
        }
        List<Token.Part> parts = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int k = contentStart;
        while (k < end) {
            char c = src.charAt(k);
            if (c == '`' && k + 1 < end) {
                lit.append(escape(src.charAt(k + 1)));
                k += 2;
                continue;
            }
            if (c == '$') {
                int after = dollarPart(k, parts, lit);
                if (after > k) {
                    k = after;
                    continue;
                }
            }
            lit.append(c);
            k++;
        }
        flush(parts, lit);
        return new Token(Kind.EXPANDABLE, src.substring(s, close), null, parts, s, close, false);
    }

    private int lineEnd(int from) {
        int e = from;
        while (!atEnd(e) && !isNewline(at(e))) {
            e++;
        }
        return e;
    }

    /** The escape sequences of 5.1: `0 `a `b `f `n `r `t `v; any other char stands for itself. */
    static char escape(char c) {
        switch (c) {
            case '0':
                return '\0';
            case 'a':
                return '\u0007';
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'v':
                return '\u000b';
            default:
                return c;
        }
    }

    private static void flush(List<Token.Part> parts, StringBuilder lit) {
        if (lit.length() > 0) {
            parts.add(new Token.Literal(lit.toString()));
            lit.setLength(0);
        }
    }

    /**
     * A {@code $} inside an expandable string at {@code i}: adds a variable or subexpression
     * part and returns the index after it, or returns {@code i} when the {@code $} is literal.
     */
    private int dollarPart(int i, List<Token.Part> parts, StringBuilder lit) {
        char n = at(i + 1);
        if (n == '(') {
            int close = skipBalanced(i + 2, ')');
            flush(parts, lit);
            parts.add(new Token.SubexpressionPart(i + 2, close, i, close + 1));
            return close + 1;
        }
        if (n == '{') {
            int close = src.indexOf('}', i + 2);
            if (close < 0 || close >= limit) {
                throw error("IncompleteDollarVariableReference",
                        "Missing '}' in variable reference.", i, limit);
            }
            flush(parts, lit);
            parts.add(new Token.VariablePart(src.substring(i + 2, close), i, close + 1));
            return close + 1;
        }
        if (n == '_' || n == '?' || n == '$' || n == '^') {
            flush(parts, lit);
            parts.add(new Token.VariablePart(String.valueOf(n), i, i + 2));
            return i + 2;
        }
        if (isVariableChar(n)) {
            int e = scanVariableName(i + 1);
            flush(parts, lit);
            parts.add(new Token.VariablePart(src.substring(i + 1, e), i, e));
            return e;
        }
        return i;
    }

    /**
     * The index of the bracket that closes a group opened just before {@code i}, skipping
     * nested groups, strings, here-strings, comments and escaped characters.
     */
    int skipBalanced(int i, char closer) {
        // a string inside a subexpression inside a string ... recurses here: bound it as the
        // parser bounds its own nesting
        if (++stringNesting > Parser.MAX_NESTING) {
            throw error("ScriptTooDeep", "The script is nested too deeply to parse: more than "
                    + Parser.MAX_NESTING + " levels of strings and subexpressions.", i, i);
        }
        try {
            return skipBalancedGroup(i, closer);
        } finally {
            stringNesting--;
        }
    }

    private int skipBalancedGroup(int i, char closer) {
        int start = i;
        List<Character> stack = new ArrayList<>();
        stack.add(closer);
        while (true) {
            if (atEnd(i)) {
                throw error(closer == ')' ? "MissingEndParenthesisInSubexpression"
                        : "MissingEndCurlyBrace", closer == ')'
                        ? "Missing closing ')' in subexpression."
                        : "Missing closing '}' in statement block or type definition.",
                        start - 1, start);
            }
            char c = at(i);
            if (c == '`') {
                i += 2;
            } else if (c == '(' || c == '{' || c == '[') {
                stack.add(c == '(' ? ')' : c == '{' ? '}' : ']');
                i++;
            } else if (c == ')' || c == '}' || c == ']') {
                if (stack.get(stack.size() - 1) == c) {
                    stack.remove(stack.size() - 1);
                    if (stack.isEmpty()) {
                        return i;
                    }
                }
                i++;
            } else if (isSingleQuote(c) || isDoubleQuote(c)
                    || (c == '@' && (isDoubleQuote(at(i + 1)) || isSingleQuote(at(i + 1))))) {
                int save = pos;
                pos = i;
                if (c == '@') {
                    hereString();
                } else if (isSingleQuote(c)) {
                    singleQuoted();
                } else {
                    doubleQuoted();
                }
                i = pos;
                pos = save;
            } else if (c == '#' || (c == '<' && at(i + 1) == '#')) {
                int save = pos;
                pos = i;
                skipTrivia(false);
                i = pos == i ? i + 1 : pos;
                pos = save;
            } else {
                i++;
            }
        }
    }

    // ---------------------------------------------------------------- numbers

    /**
     * Scans a number at {@code i} (decimal, {@code .5}, {@code 1e3}, hex {@code 0x1F}, with the
     * {@code l} suffix and the multipliers kb mb gb tb pb). Returns null when the text there is
     * not a number.
     */
    static Number scanNumber(String s, int i, int limit, int[] endOut) {
        int e = i;
        Number value;
        boolean isLong = false;
        if (e + 1 < limit && s.charAt(e) == '0' && (s.charAt(e + 1) == 'x'
                || s.charAt(e + 1) == 'X')) {
            int d = e + 2;
            while (d < limit && isHexDigit(s.charAt(d))) {
                d++;
            }
            if (d == e + 2 || d - (e + 2) > 16) {
                return null;
            }
            long v = Long.parseUnsignedLong(s.substring(e + 2, d), 16);
            e = d;
            if (e < limit && (s.charAt(e) == 'l' || s.charAt(e) == 'L')) {
                isLong = true;
                e++;
            }
            value = !isLong && (v & 0xFFFFFFFF00000000L) == 0 ? (Number) (int) v : (Number) v;
        } else {
            int d = e;
            while (d < limit && isDecimalDigit(s.charAt(d))) {
                d++;
            }
            boolean real = false;
            if (d < limit && s.charAt(d) == '.' && d + 1 < limit
                    && isDecimalDigit(s.charAt(d + 1))) {
                real = true;
                d++;
                while (d < limit && isDecimalDigit(s.charAt(d))) {
                    d++;
                }
            }
            if (d == e) {
                return null;
            }
            if (d < limit && (s.charAt(d) == 'e' || s.charAt(d) == 'E')) {
                int x = d + 1;
                if (x < limit && (s.charAt(x) == '+' || s.charAt(x) == '-')) {
                    x++;
                }
                int digits = x;
                while (x < limit && isDecimalDigit(s.charAt(x))) {
                    x++;
                }
                if (x > digits) {
                    real = true;
                    d = x;
                }
            }
            String text = s.substring(e, d);
            e = d;
            if (e < limit && (s.charAt(e) == 'l' || s.charAt(e) == 'L') && !real) {
                isLong = true;
                e++;
            }
            if (real) {
                value = Double.parseDouble(text);
            } else {
                value = integral(text, isLong);
            }
        }
        long multiplier = 1;
        if (e + 1 < limit) {
            String suffix = s.substring(e, e + 2).toLowerCase(java.util.Locale.ROOT);
            int m = List.of("kb", "mb", "gb", "tb", "pb").indexOf(suffix);
            if (m >= 0) {
                multiplier = 1L << (10 * (m + 1));
                e += 2;
            }
        }
        if (multiplier != 1) {
            value = multiply(value, multiplier);
        }
        endOut[0] = e;
        return value;
    }

    /** 0-9 only: other scripts' digits (Character.isDigit) are no PowerShell number. */
    static boolean isDecimalDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHexDigit(char c) {
        return isDecimalDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static Number integral(String digits, boolean isLong) {
        try {
            long v = Long.parseLong(digits);
            if (!isLong && v <= Integer.MAX_VALUE) {
                return (int) v;
            }
            return v;
        } catch (NumberFormatException e) {
            return Double.parseDouble(digits);
        }
    }

    private static Number multiply(Number value, long multiplier) {
        if (value instanceof Double) {
            return value.doubleValue() * multiplier;
        }
        long v = value.longValue();
        if (v != 0 && Math.abs(v) > Long.MAX_VALUE / multiplier) {
            return (double) v * multiplier;
        }
        long r = v * multiplier;
        if (value instanceof Integer && r <= Integer.MAX_VALUE && r >= Integer.MIN_VALUE) {
            return (int) r;
        }
        return r;
    }

    // ---------------------------------------------------------------- expression mode

    /** The next token in expression mode (trivia other than newlines skipped first). */
    Token nextExpression() {
        skipTrivia(false);
        int s = pos;
        Token t = structural();
        if (t != null) {
            return t;
        }
        char c = at(pos);
        char n = at(pos + 1);
        switch (c) {
            case '[':
                pos++;
                return Token.of(Kind.LBRACKET, "[", s, pos);
            case ']':
                pos++;
                return Token.of(Kind.RBRACKET, "]", s, pos);
            case '.':
                if (n == '.') {
                    pos += 2;
                    return Token.of(Kind.DOTDOT, "..", s, pos);
                }
                if (isDecimalDigit(n)) {
                    // .5 is a number; .7L= is no number, and is read as a word, as 7L= is
                    Token num = number(s, true);
                    return num != null ? num : word();
                }
                pos++;
                return Token.of(Kind.DOT, ".", s, pos);
            case ':':
                if (n == ':') {
                    pos += 2;
                    return Token.of(Kind.COLONCOLON, "::", s, pos);
                }
                break;
            case '=':
                pos++;
                return Token.of(Kind.ASSIGN, "=", s, pos);
            case '+':
            case '*':
            case '/':
            case '%':
                if (n == '=') {
                    pos += 2;
                    return Token.of(Kind.ASSIGN, c + "=", s, pos);
                }
                if (c == '+' && n == '+') {
                    pos += 2;
                    return Token.of(Kind.OPERATOR, "++", s, pos);
                }
                pos++;
                return Token.of(Kind.OPERATOR, String.valueOf(c), s, pos);
            case '!':
                pos++;
                return Token.of(Kind.OPERATOR, "!", s, pos);
            default:
                break;
        }
        if (isDash(c)) {
            if (Character.isLetter(n)) {
                int e = pos + 1;
                while (Character.isLetter(at(e))) {
                    e++;
                }
                pos = e;
                return Token.of(Kind.DASH_OPERATOR,
                        src.substring(s + 1, e).toLowerCase(java.util.Locale.ROOT), s, e);
            }
            if (n == '=') {
                pos += 2;
                return Token.of(Kind.ASSIGN, "-=", s, pos);
            }
            if (isDash(n)) {
                pos += 2;
                return Token.of(Kind.OPERATOR, "--", s, pos);
            }
            pos++;
            return Token.of(Kind.OPERATOR, "-", s, pos);
        }
        if (isDecimalDigit(c)) {
            Token num = number(s, true);
            if (num != null) {
                return num;
            }
        }
        return word();
    }

    private Token number(int s, boolean expressionMode) {
        int[] end = new int[1];
        Number v = scanNumber(src, s, limit, end);
        if (v == null) {
            return null;
        }
        if (expressionMode && isVariableChar(at(end[0]))) {
            return null;
        }
        pos = end[0];
        return new Token(Kind.NUMBER, src.substring(s, end[0]), v, null, s, end[0], false);
    }

    /** A bare word: up to whitespace or a character that cannot be part of a command name. */
    private Token word() {
        int s = pos;
        int e = pos;
        while (!atEnd(e)) {
            char c = at(e);
            if (isBlank(c) || isNewline(c) || isArgumentTerminator(c) || isSingleQuote(c)
                    || isDoubleQuote(c) || c == '[' || c == ']' || c == '=' || c == '$') {
                break;
            }
            if (c == '.' && e > s) {
                break;
            }
            if (c == '`') {
                break;
            }
            e++;
        }
        if (e == s && !atEnd(e)) {
            e = s + 1;
        }
        pos = e;
        return Token.of(Kind.WORD, src.substring(s, e), s, e);
    }

    /** A command name at statement start: a bare word, including {@code %} and {@code ?}. */
    Token commandName() {
        skipTrivia(false);
        return word();
    }

    /** A member name after {@code .} or {@code ::}: letters, digits and underscores. */
    Token memberName() {
        int s = pos;
        int e = pos;
        while (isVariableChar(at(e))) {
            e++;
        }
        if (e == s) {
            return null;
        }
        pos = e;
        return Token.of(Kind.WORD, src.substring(s, e), s, e);
    }

    /** The type name inside {@code [ ]}, with generic and array brackets; pos after ']'. */
    String typeName() {
        int s = pos;
        int depth = 0;
        int e = pos;
        while (!atEnd(e)) {
            char c = at(e);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (!(isVariableChar(c) || c == '.' || c == ',' || c == '`' || c == '+'
                    || isBlank(c))) {
                return null;
            }
            e++;
        }
        if (at(e) != ']') {
            return null;
        }
        String name = src.substring(s, e).trim();
        if (name.isEmpty()) {
            return null;
        }
        pos = e + 1;
        return name;
    }

    // ---------------------------------------------------------------- argument mode

    /** Whether the next character is directly adjacent (no whitespace) and starts more text. */
    boolean adjacentText() {
        if (atEnd(pos)) {
            return false;
        }
        char c = at(pos);
        return !(isBlank(c) || isNewline(c) || isArgumentTerminator(c));
    }

    char peekChar() {
        return at(pos);
    }

    char peekChar(int ahead) {
        return at(pos + ahead);
    }

    /**
     * The next token in argument mode. Parameters, {@code --}, quoted strings and the
     * structural tokens are recognised; anything else is a bare word, which becomes a number
     * when all of it scans as one.
     */
    Token nextArgument() {
        skipTrivia(false);
        int s = pos;
        char c = at(pos);
        char n = at(pos + 1);
        if (!atEnd(pos) && isDash(c)) {
            if (Character.isLetter(n) || n == '_' || n == '?') {
                int e = pos + 1;
                while (!atEnd(e) && !endsParameterName(at(e))) {
                    e++;
                }
                String name = src.substring(pos + 1, e);
                boolean colon = at(e) == ':';
                pos = colon ? e + 1 : e;
                return new Token(Kind.PARAMETER, name, src.substring(s, e), null, s, e, colon);
            }
            if (isDash(n)) {
                char after = at(pos + 2);
                if (atEnd(pos + 2) || isBlank(after) || isNewline(after)
                        || isArgumentTerminator(after)) {
                    pos += 2;
                    return Token.of(Kind.END_OF_PARAMETERS, "--", s, pos);
                }
            }
        }
        if (c == '@' && !isVariableChar(n) && n != '(' && n != '{' && !isDoubleQuote(n)
                && !isSingleQuote(n)) {
            return bareWord();
        }
        Token t = structural();
        if (t != null) {
            return t;
        }
        return bareWord();
    }

    /**
     * A bare word of argument mode with its expansions ({@code a$b}, {@code a'$b'}, escapes).
     * Stops at whitespace and at {@code , ; ( ) { } | &}.
     */
    Token bareWord() {
        int s = pos;
        List<Token.Part> parts = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        boolean plain = true;
        int i = pos;
        while (!atEnd(i)) {
            char c = at(i);
            if (isBlank(c) || isNewline(c) || isArgumentTerminator(c)) {
                break;
            }
            if (c == '`') {
                if (isNewline(at(i + 1)) || atEnd(i + 1)) {
                    break;
                }
                lit.append(escape(at(i + 1)));
                plain = false;
                i += 2;
                continue;
            }
            if (isSingleQuote(c)) {
                int save = pos;
                pos = i;
                Token q = singleQuoted();
                lit.append((String) q.value);
                i = pos;
                pos = save;
                plain = false;
                continue;
            }
            if (isDoubleQuote(c)) {
                int save = pos;
                pos = i;
                Token q = doubleQuoted();
                i = pos;
                pos = save;
                for (Token.Part p : q.parts) {
                    if (p instanceof Token.Literal) {
                        lit.append(((Token.Literal) p).text());
                    } else {
                        flush(parts, lit);
                        parts.add(p);
                    }
                }
                plain = false;
                continue;
            }
            if (c == '$' && i > s) {
                int after = dollarPart(i, parts, lit);
                if (after > i) {
                    plain = false;
                    i = after;
                    continue;
                }
            }
            lit.append(c);
            i++;
        }
        flush(parts, lit);
        pos = i;
        String text = src.substring(s, i);
        if (plain) {
            int[] end = new int[1];
            int ns = s;
            boolean negative = false;
            if (isDash(at(ns)) && ns + 1 < i) {
                negative = true;
                ns++;
            }
            Number v = scanNumber(src, ns, i, end);
            if (v != null && end[0] == i) {
                Object value = negative ? Operators.negate(v) : v;
                return new Token(Kind.NUMBER, text, value, null, s, i, false);
            }
            return new Token(Kind.STRING, text, text, null, s, i, false);
        }
        boolean constant = true;
        for (Token.Part p : parts) {
            if (!(p instanceof Token.Literal)) {
                constant = false;
            }
        }
        if (constant) {
            StringBuilder all = new StringBuilder();
            parts.forEach(p -> all.append(((Token.Literal) p).text()));
            return new Token(Kind.STRING, text, all.toString(), null, s, i, false);
        }
        return new Token(Kind.EXPANDABLE, text, null, parts, s, i, false);
    }
}
