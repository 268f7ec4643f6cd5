package org.postern.shell;

import java.util.List;

/**
 * A token of the shell language. Which characters make a token depends on the mode the parser
 * asks for (expression or argument mode, section 1.1), so the {@link Tokenizer} scans one token
 * at a time on request.
 */
final class Token {

    /** What a token is. */
    enum Kind {
        EOF, NEWLINE, SEMI, PIPE, AMPERSAND,
        LPAREN, RPAREN, LBRACE, RBRACE, LBRACKET, RBRACKET,
        AT_PAREN, AT_BRACE, DOLLAR_PAREN, COMMA, DOT, DOTDOT, COLONCOLON,
        /** {@code = += -= *= /= %=}; text is the operator. */
        ASSIGN,
        /** {@code + - * / % !}; text is the symbol. */
        OPERATOR,
        /** A dash operator; text is its name in lower case without the dash ({@code eq}). */
        DASH_OPERATOR,
        /** A number; value is an Integer, Long or Double. */
        NUMBER,
        /** {@code $name}; text is the name. */
        VARIABLE,
        /** {@code @name}; text is the name. */
        SPLAT,
        /** A verbatim string; value is its content. */
        STRING,
        /** A double-quoted or bare string with expansions; parts hold its content. */
        EXPANDABLE,
        /** A bare word in expression mode (command name, keyword, member name). */
        WORD,
        /** {@code -Name} or {@code -Name:} in argument mode; text is the name. */
        PARAMETER,
        /** {@code --} in argument mode. */
        END_OF_PARAMETERS,
        /** {@code >}, {@code 2>} and the like. */
        REDIRECTION
    }

    /** A piece of an expandable string. */
    interface Part {
    }

    /** Literal text. */
    record Literal(String text) implements Part {
    }

    /** {@code $name} or {@code ${name}}, at [start, end) of the script. */
    record VariablePart(String name, int start, int end) implements Part {
    }

    /** {@code $( ... )}: the statements between the parentheses, at [start, end). */
    record SubexpressionPart(int start, int end, int outerStart, int outerEnd) implements Part {
    }

    final Kind kind;
    final String text;
    final Object value;
    final List<Part> parts;
    final int start;
    final int end;
    /** For PARAMETER: the colon form {@code -Name:}. */
    final boolean colon;

    Token(Kind kind, String text, Object value, List<Part> parts, int start, int end,
            boolean colon) {
        this.kind = kind;
        this.text = text;
        this.value = value;
        this.parts = parts;
        this.start = start;
        this.end = end;
        this.colon = colon;
    }

    static Token of(Kind kind, String text, int start, int end) {
        return new Token(kind, text, null, null, start, end, false);
    }

    Ast.Extent extent() {
        return new Ast.Extent(start, end);
    }

    boolean is(Kind k) {
        return kind == k;
    }

    boolean isWord(String word) {
        return kind == Kind.WORD && text.equalsIgnoreCase(word);
    }

    @Override
    public String toString() {
        return kind + "(" + text + ")";
    }
}
