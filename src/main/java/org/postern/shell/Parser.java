package org.postern.shell;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.postern.shell.Ast.Argument;
import org.postern.shell.Ast.Block;
import org.postern.shell.Ast.Element;
import org.postern.shell.Ast.Expr;
import org.postern.shell.Ast.Extent;
import org.postern.shell.Ast.Statement;
import org.postern.shell.Token.Kind;

/**
 * Parses a script into an {@link Ast.Block}: statements, pipelines, commands in argument mode
 * and expressions with PowerShell's operator precedence (comma above range above {@code -f}
 * above unary minus above {@code * / %} above {@code + -} above comparisons above
 * {@code -and -or -xor}). The first syntax error stops the parse; its message and id are
 * PowerShell's (ParserStrings).
 */
final class Parser {

    private static final Set<String> COMPARISON = Set.of("eq", "ne", "gt", "ge", "lt", "le",
            "like", "notlike", "match", "notmatch", "replace", "contains", "notcontains", "in",
            "notin", "split", "join", "is", "isnot", "as");

    private static final Set<String> LOGICAL = Set.of("and", "or", "xor");

    private static final Set<String> UNSUPPORTED_KEYWORDS = Set.of("switch", "function",
            "filter", "trap", "return", "exit", "param", "begin", "process", "end", "workflow",
            "data", "dynamicparam", "class", "enum", "using", "until", "catch", "finally");

    /**
     * How deep statements (blocks, parentheses, subexpressions, hash values) and unary operators
     * may nest. Deeper scripts are refused with a parse error instead of overflowing the stack
     * of whatever thread parses them; real scripts stay far below this.
     */
    static final int MAX_NESTING = 100;

    private final String src;
    private final Tokenizer tz;
    /** Current nesting, counted by {@link #nested}. */
    private int depth;
    /**
     * Inside method-call argument lists, a comma separates arguments instead of making an
     * array.
     */
    private boolean commaSeparatesArguments;

    private Parser(String src, int start, int end) {
        this.src = src;
        this.tz = new Tokenizer(src, start, end);
    }

    /** Parses a whole script. */
    static Block parse(String script) {
        Parser p = new Parser(script, 0, script.length());
        Block b = p.statements(Kind.EOF);
        Token t = p.tz.nextExpression();
        if (!t.is(Kind.EOF)) {
            throw p.unexpected(t);
        }
        return b;
    }

    // ---------------------------------------------------------------- errors

    private ParseException error(String id, String message, Extent at) {
        return new ParseException(new ParseError(id, message, at));
    }

    private ParseException unexpected(Token t) {
        String text = t.is(Kind.NEWLINE) ? "\n" : src.substring(t.start, t.end);
        return error("UnexpectedToken", "Unexpected token '" + text
                + "' in expression or statement.", t.extent());
    }

    private Extent here() {
        return new Extent(tz.position(), tz.position());
    }

    // ---------------------------------------------------------------- peeking

    private Token peekExpression() {
        int save = tz.position();
        Token t = tz.nextExpression();
        tz.reset(save);
        return t;
    }

    private void skipNewlines() {
        while (true) {
            tz.skipTrivia(true);
            int save = tz.position();
            Token t = tz.nextExpression();
            if (!t.is(Kind.NEWLINE)) {
                tz.reset(save);
                return;
            }
        }
    }

    private void skipSeparators() {
        while (true) {
            tz.skipTrivia(true);
            int save = tz.position();
            Token t = tz.nextExpression();
            if (!t.is(Kind.NEWLINE) && !t.is(Kind.SEMI)) {
                tz.reset(save);
                return;
            }
        }
    }

    // ---------------------------------------------------------------- statements

    /** Statements up to (not including) a token of kind {@code end}. */
    private Block statements(Kind end) {
        int start = tz.position();
        List<Statement> out = new ArrayList<>();
        while (true) {
            skipSeparators();
            Token t = peekExpression();
            if (t.is(end) || t.is(Kind.EOF)) {
                return new Block(out, new Extent(start, tz.position()));
            }
            if (t.is(Kind.RPAREN) || t.is(Kind.RBRACE)) {
                throw unexpected(t);
            }
            out.add(statement());
            tz.skipTrivia(false);
            Token after = peekExpression();
            if (!(after.is(Kind.NEWLINE) || after.is(Kind.SEMI) || after.is(end)
                    || after.is(Kind.EOF))) {
                throw unexpected(after);
            }
        }
    }

    private Statement statement() {
        return nested(this::statementBody);
    }

    /** Runs one level of the descent, refusing a script nested more than MAX_NESTING deep. */
    private <T> T nested(java.util.function.Supplier<T> level) {
        if (depth >= MAX_NESTING) {
            throw error("ScriptTooDeep", "The script is nested too deeply to parse: more than "
                    + MAX_NESTING + " levels of blocks, parentheses or operators.", here());
        }
        depth++;
        try {
            return level.get();
        } finally {
            depth--;
        }
    }

    private Statement statementBody() {
        tz.skipTrivia(false);
        int start = tz.position();
        char c = tz.peekChar();
        if (startsCommand(c)) {
            Token word = tz.commandName();
            String lower = word.text.toLowerCase(Locale.ROOT);
            if (lower.equals("if")) {
                return ifStatement(word);
            }
            if (lower.equals("foreach") && nextNonBlankIs('(')) {
                return foreachStatement(word);
            }
            if (lower.equals("throw")) {
                return throwStatement(word);
            }
            if (lower.equals("while") || lower.equals("for")) {
                return loop(word, lower);
            }
            if (lower.equals("do") && nextNonBlankIs('{')) {
                return doLoop(word);
            }
            if (lower.equals("try") && nextNonBlankIs('{')) {
                return tryStatement(word);
            }
            if (lower.equals("break") || lower.equals("continue")) {
                return new Ast.LoopControl(lower.equals("break"), word.extent());
            }
            if (lower.equals("else") || lower.equals("elseif")) {
                throw error("UnexpectedToken", "Unexpected token '" + word.text
                        + "' in expression or statement.", word.extent());
            }
            if (UNSUPPORTED_KEYWORDS.contains(lower)) {
                throw error("KeywordNotSupported", "The '" + lower + "' keyword is not"
                        + " supported by Postern's management shell.", word.extent());
            }
            tz.reset(start);
            return pipeline(null);
        }
        Expr first = expression();
        if (first == null) {
            throw unexpected(peekExpression());
        }
        Token t = peekExpression();
        if (t.is(Kind.ASSIGN)) {
            tz.nextExpression();
            if (!assignable(first)) {
                throw error("InvalidLeftHandSide", "The assignment expression is not valid. The"
                        + " input to an assignment operator must be an object that is able to"
                        + " accept assignments, such as a variable or a property.",
                        first.extent());
            }
            skipNewlines();
            Token v = peekExpression();
            if (endsStatement(v)) {
                throw error("ExpectedValueExpression", "You must provide a value expression on"
                        + " the right-hand side of the '" + t.text + "' operator.", t.extent());
            }
            Statement value = statement();
            return new Ast.Assignment(first, t.text, value, first.extent().to(value.extent()));
        }
        return pipeline(first);
    }

    private static boolean assignable(Expr e) {
        if (e instanceof Ast.Cast) {
            return assignable(((Ast.Cast) e).operand());
        }
        return e instanceof Ast.Variable || e instanceof Ast.Member || e instanceof Ast.Index;
    }

    private static boolean endsStatement(Token t) {
        return t.is(Kind.EOF) || t.is(Kind.NEWLINE) || t.is(Kind.SEMI) || t.is(Kind.RPAREN)
                || t.is(Kind.RBRACE) || t.is(Kind.PIPE);
    }

    /** Whether a statement starting with this character is a command (or a keyword). */
    private boolean startsCommand(char c) {
        if (Character.isLetter(c) || c == '_' || c == '\\') {
            return true;
        }
        if (c == '%' || c == '?') {
            char n = tz.peekChar(1);
            return n == ' ' || n == '\t' || n == '{' || n == '\0' || n == '\n' || n == '\r';
        }
        return c == '&' && tz.peekChar(1) != '&';
    }

    private boolean nextNonBlankIs(char c) {
        int save = tz.position();
        tz.skipTrivia(true);
        boolean is = tz.peekChar() == c;
        tz.reset(save);
        return is;
    }

    private void expect(Kind kind, String id, String message) {
        skipNewlines();
        Token t = tz.nextExpression();
        if (!t.is(kind)) {
            throw error(id, message, new Extent(t.start, t.start));
        }
    }

    private Ast.If ifStatement(Token keyword) {
        List<Ast.Clause> clauses = new ArrayList<>();
        Block otherwise = null;
        String kw = "if";
        while (true) {
            skipNewlines();
            Token open = tz.nextExpression();
            if (!open.is(Kind.LPAREN)) {
                throw error("MissingOpenParenthesisInIfStatement", "Missing '(' after '" + kw
                        + "' in " + kw + " statement.", new Extent(open.start, open.start));
            }
            skipNewlines();
            if (peekExpression().is(Kind.RPAREN)) {
                throw error("IfStatementMissingCondition", "Missing condition in " + kw
                        + " statement after '" + kw + " ('.", here());
            }
            Statement condition = statement();
            expect(Kind.RPAREN, "MissingEndParenthesisAfterStatement",
                    "Missing closing ')' after expression in '" + kw + "' statement.");
            Block body = block("MissingStatementBlock", "Missing statement block after " + kw
                    + " ( condition ).");
            clauses.add(new Ast.Clause(condition, body));
            int save = tz.position();
            skipNewlines();
            Token next = tz.commandName();
            if (next.isWord("elseif")) {
                kw = "elseif";
                continue;
            }
            if (next.isWord("else")) {
                otherwise = block("MissingStatementBlockAfterElse",
                        "Missing statement block after 'else' keyword.");
            } else {
                tz.reset(save);
            }
            break;
        }
        return new Ast.If(clauses, otherwise, new Extent(keyword.start, tz.position()));
    }

    private Ast.Foreach foreachStatement(Token keyword) {
        skipNewlines();
        tz.nextExpression();
        skipNewlines();
        Token var = tz.nextExpression();
        if (!var.is(Kind.VARIABLE)) {
            throw error("MissingVariableNameAfterForeach", "Missing variable name after"
                    + " foreach.", new Extent(var.start, var.start));
        }
        skipNewlines();
        Token in = tz.commandName();
        if (!in.isWord("in")) {
            throw error("MissingInInForeach", "Missing 'in' after variable in foreach loop.",
                    new Extent(in.start, in.start));
        }
        skipNewlines();
        Statement collection = statement();
        expect(Kind.RPAREN, "MissingEndParenthesisAfterForeach",
                "Missing closing ')' after expression in 'foreach' statement.");
        Block body = block("MissingForeachStatement", "Missing statement body in foreach loop.");
        return new Ast.Foreach(var.text, collection, body,
                new Extent(keyword.start, tz.position()));
    }

    /** {@code while (condition) {body}} and {@code for (init; condition; step) {body}}. */
    private Ast.Loop loop(Token keyword, String kw) {
        skipNewlines();
        Token open = tz.nextExpression();
        if (!open.is(Kind.LPAREN)) {
            throw error("MissingOpenParenthesisAfterKeyword", "Missing opening '(' after"
                    + " keyword '" + kw + "'.", new Extent(open.start, open.start));
        }
        Statement init = null;
        Statement step = null;
        Statement condition;
        if (kw.equals("for")) {
            init = optionalStatement(Kind.SEMI);
            expect(Kind.SEMI, "MissingSemicolonInForStatement", "Missing ';' in the 'for'"
                    + " statement.");
            condition = optionalStatement(Kind.SEMI);
            expect(Kind.SEMI, "MissingSemicolonInForStatement", "Missing ';' in the 'for'"
                    + " statement.");
            step = optionalStatement(Kind.RPAREN);
        } else {
            skipNewlines();
            if (peekExpression().is(Kind.RPAREN)) {
                throw error("MissingExpressionAfterKeyword", "Missing expression after keyword"
                        + " 'while'.", here());
            }
            condition = statement();
        }
        expect(Kind.RPAREN, "MissingEndParenthesisAfterStatement",
                "Missing closing ')' after expression in '" + kw + "' statement.");
        Block body = block("MissingLoopStatement", "Missing statement body in " + kw
                + " loop.");
        return new Ast.Loop(kw, init, condition, step, body, true, false,
                new Extent(keyword.start, tz.position()));
    }

    /** A statement, or null when the next token is {@code end}. */
    private Statement optionalStatement(Kind end) {
        skipNewlines();
        return peekExpression().is(end) ? null : statement();
    }

    /** {@code do {body} while (condition)} and {@code do {body} until (condition)}. */
    private Ast.Loop doLoop(Token keyword) {
        Block body = block("MissingLoopStatement", "Missing statement body in do loop.");
        skipNewlines();
        Token kw = tz.commandName();
        if (!kw.isWord("while") && !kw.isWord("until")) {
            throw error("MissingWhileOrUntilInDoWhile", "Missing while or until keyword in do"
                    + " loop.", new Extent(kw.start, kw.start));
        }
        String word = kw.text.toLowerCase(Locale.ROOT);
        skipNewlines();
        Token open = tz.nextExpression();
        if (!open.is(Kind.LPAREN)) {
            throw error("MissingOpenParenthesisAfterKeyword", "Missing opening '(' after"
                    + " keyword '" + word + "'.", new Extent(open.start, open.start));
        }
        skipNewlines();
        if (peekExpression().is(Kind.RPAREN)) {
            throw error("MissingExpressionAfterKeyword", "Missing expression after keyword '"
                    + word + "'.", here());
        }
        Statement condition = statement();
        expect(Kind.RPAREN, "MissingEndParenthesisAfterStatement",
                "Missing closing ')' after expression in '" + word + "' statement.");
        return new Ast.Loop("do", null, condition, null, body, false, word.equals("until"),
                new Extent(keyword.start, tz.position()));
    }

    /** {@code try {..}}, then catch clauses (with optional type literals), then finally. */
    private Ast.Try tryStatement(Token keyword) {
        Block body = block("MissingTryStatementBlock", "The Try statement is missing its"
                + " statement block.");
        List<Ast.Catch> catches = new ArrayList<>();
        Block finallyBlock = null;
        while (true) {
            int save = tz.position();
            skipNewlines();
            Token next = tz.commandName();
            if (next.isWord("catch") && finallyBlock == null) {
                List<String> types = new ArrayList<>();
                while (true) {
                    skipNewlines();
                    Token t = peekExpression();
                    if (!t.is(Kind.LBRACKET)) {
                        break;
                    }
                    tz.nextExpression();
                    String type = tz.typeName();
                    if (type == null) {
                        throw unexpected(t);
                    }
                    types.add(type);
                    skipNewlines();
                    if (peekExpression().is(Kind.COMMA)) {
                        tz.nextExpression();
                    }
                }
                catches.add(new Ast.Catch(types, block("MissingCatchHandlerBlock",
                        "Missing statement block in the Catch block.")));
                continue;
            }
            if (next.isWord("finally") && finallyBlock == null) {
                finallyBlock = block("MissingFinallyStatementBlock", "Missing statement block"
                        + " in the Finally block.");
                continue;
            }
            tz.reset(save);
            break;
        }
        if (catches.isEmpty() && finallyBlock == null) {
            throw error("MissingCatchOrFinally", "The Try statement is missing its Catch or"
                    + " Finally block.", here());
        }
        return new Ast.Try(body, catches, finallyBlock,
                new Extent(keyword.start, tz.position()));
    }

    private Ast.Throw throwStatement(Token keyword) {
        tz.skipTrivia(false);
        Token t = peekExpression();
        if (endsStatement(t)) {
            return new Ast.Throw(null, keyword.extent());
        }
        Statement value = statement();
        return new Ast.Throw(value, keyword.extent().to(value.extent()));
    }

    private Block block(String id, String message) {
        skipNewlines();
        Token open = tz.nextExpression();
        if (!open.is(Kind.LBRACE)) {
            throw error(id, message, new Extent(open.start, open.start));
        }
        Block body = statements(Kind.RBRACE);
        Token close = tz.nextExpression();
        if (!close.is(Kind.RBRACE)) {
            throw error("MissingEndCurlyBrace", "Missing closing '}' in statement block or type"
                    + " definition.", open.extent());
        }
        return body;
    }

    // ---------------------------------------------------------------- pipelines and commands

    private Ast.Pipeline pipeline(Expr first) {
        List<Element> elements = new ArrayList<>();
        int start = tz.position();
        if (first != null) {
            elements.add(new Ast.ExpressionElement(first, first.extent()));
            start = first.extent().start();
        } else {
            tz.skipTrivia(false);
            start = tz.position();
            elements.add(command());
        }
        while (true) {
            tz.skipTrivia(false);
            Token t = peekExpression();
            if (!t.is(Kind.PIPE)) {
                break;
            }
            tz.nextExpression();
            skipNewlines();
            Token next = peekExpression();
            if (endsStatement(next)) {
                throw error("EmptyPipeElement", "An empty pipe element is not allowed.",
                        new Extent(t.end, t.end));
            }
            if (!startsCommand(tz.peekChar())) {
                throw error("ExpressionsMustBeFirstInPipeline", "Expressions are only allowed as"
                        + " the first element of a pipeline.", new Extent(next.start, next.end));
            }
            elements.add(command());
        }
        Element last = elements.get(elements.size() - 1);
        return new Ast.Pipeline(elements, new Extent(start, last.extent().end()));
    }

    private Ast.Command command() {
        tz.skipTrivia(false);
        String name;
        Expr callee = null;
        Extent nameExtent;
        if (tz.peekChar() == '&') {
            int s = tz.position();
            tz.nextArgument();
            tz.skipTrivia(false);
            callee = argumentValue(false);
            if (callee == null) {
                throw error("MissingExpression", "Missing expression after '&' in pipeline"
                        + " element.", new Extent(s + 1, s + 1));
            }
            nameExtent = new Extent(s, callee.extent().end());
            name = src.substring(callee.extent().start(), callee.extent().end());
        } else {
            Token word = tz.commandName();
            name = word.text;
            nameExtent = word.extent();
        }
        List<Argument> args = new ArrayList<>();
        boolean endOfParameters = false;
        int end = nameExtent.end();
        int last = -1;
        while (true) {
            int save = tz.position();
            if (save == last) {
                // Every argument consumes text; this guards the loop against a scanner slip.
                throw unexpected(tz.nextArgument());
            }
            last = save;
            Token t = tz.nextArgument();
            switch (t.kind) {
                case EOF:
                case NEWLINE:
                case SEMI:
                case PIPE:
                case RPAREN:
                case RBRACE:
                    tz.reset(save);
                    return new Ast.Command(name, callee, args, nameExtent,
                            new Extent(nameExtent.start(), end));
                case AMPERSAND:
                    throw error("AmpersandNotAllowed", "The ampersand (&) character is not"
                            + " allowed. The & operator is reserved for future use; wrap an"
                            + " ampersand in double quotation marks (\"&\") to pass it as part"
                            + " of a string.", t.extent());
                case REDIRECTION:
                    throw error("RedirectionNotSupported", "Output redirection ('" + t.text
                            + "') is not supported by Postern's management shell; pipe to"
                            + " Out-Null or Out-String instead.", t.extent());
                case COMMA:
                    throw error("MissingArgument", "Missing argument in parameter list.",
                            t.extent());
                case END_OF_PARAMETERS:
                    endOfParameters = true;
                    end = t.end;
                    break;
                case PARAMETER:
                    // After --, and right after another argument ($a.Name-more), a dashed
                    // word is a value.
                    if (endOfParameters || (t.start == end && !args.isEmpty())) {
                        tz.reset(t.start);
                        Token w = tz.bareWord();
                        Expr value = new Ast.Constant(w.value == null ? w.text : w.value,
                                w.extent());
                        args.add(new Ast.ValueArgument(value, w.extent()));
                        end = w.end;
                        break;
                    }
                    Ast.ParameterArgument p = parameter(t);
                    args.add(p);
                    end = p.extent().end();
                    break;
                case SPLAT:
                    args.add(new Ast.SplatArgument(t.text, t.extent()));
                    end = t.end;
                    break;
                default:
                    tz.reset(save);
                    Expr value = argumentValue(true);
                    if (value == null) {
                        throw unexpected(t);
                    }
                    args.add(new Ast.ValueArgument(value, value.extent()));
                    end = value.extent().end();
                    break;
            }
        }
    }

    private Ast.ParameterArgument parameter(Token t) {
        String text = src.substring(t.start, t.end);
        if (!t.colon) {
            return new Ast.ParameterArgument(t.text, text, false, null, t.extent());
        }
        tz.skipTrivia(false);
        int save = tz.position();
        Token next = tz.nextArgument();
        tz.reset(save);
        if (endsStatement(next) || next.is(Kind.PARAMETER) || next.is(Kind.COMMA)) {
            return new Ast.ParameterArgument(t.text, text, true, null,
                    new Extent(t.start, t.end + 1));
        }
        Expr value = argumentValue(true);
        if (value == null) {
            // -Name:@splat, -Name:&, -Name:>x: no value follows the colon
            throw unexpected(next);
        }
        return new Ast.ParameterArgument(t.text, text, true, value,
                new Extent(t.start, value.extent().end()));
    }

    /** One argument in argument mode, with {@code a,b,c} making an array. */
    private Expr argumentValue(boolean allowComma) {
        Expr first = argumentPrimary();
        if (first == null || !allowComma) {
            return first;
        }
        List<Expr> items = new ArrayList<>();
        items.add(first);
        while (true) {
            int save = tz.position();
            tz.skipTrivia(false);
            if (tz.peekChar() != ',') {
                tz.reset(save);
                break;
            }
            Token comma = tz.nextArgument();
            skipNewlines();
            Expr next = argumentPrimary();
            if (next == null) {
                throw error("MissingArgument", "Missing argument in parameter list.",
                        new Extent(comma.end, comma.end));
            }
            items.add(next);
        }
        return arrayOf(items);
    }

    /** One item is itself; more make an array literal spanning them. */
    private static Expr arrayOf(List<Expr> items) {
        Expr first = items.get(0);
        if (items.size() == 1) {
            return first;
        }
        return new Ast.ArrayLiteral(items, first.extent().to(items.get(items.size() - 1)
                .extent()));
    }

    private Expr argumentPrimary() {
        int save = tz.position();
        Token t = tz.nextArgument();
        switch (t.kind) {
            case NUMBER:
            case STRING:
                return new Ast.Constant(t.value, t.extent());
            case EXPANDABLE:
                return expandable(t);
            case VARIABLE: {
                Expr v = new Ast.Variable(t.text, t.extent());
                // ${name} ends the name: what follows is text ({@code ${x}.txt}).
                boolean braced = src.charAt(t.start + 1) == '{';
                Expr withPostfix = braced ? v : postfix(v);
                if (withPostfix == v && tz.adjacentText()) {
                    Token rest = tz.bareWord();
                    List<Object> parts = new ArrayList<>();
                    parts.add(v);
                    if (rest.is(Kind.EXPANDABLE)) {
                        parts.addAll(expandable(rest).parts());
                    } else {
                        parts.add(String.valueOf(rest.text));
                    }
                    return new Ast.Expandable(parts, new Extent(t.start, rest.end));
                }
                return withPostfix;
            }
            case DOLLAR_PAREN:
            case AT_PAREN:
            case AT_BRACE:
            case LPAREN:
            case LBRACE:
                tz.reset(save);
                return postfix(primary());
            default:
                tz.reset(save);
                return null;
        }
    }

    // ---------------------------------------------------------------- expressions

    private Expr expression() {
        return logical();
    }

    private Expr requireOperand(Expr e, Token operator) {
        if (e == null) {
            String op = operator.is(Kind.DASH_OPERATOR) ? src.substring(operator.start,
                    operator.end) : operator.text;
            throw error("ExpectedValueExpression", "You must provide a value expression"
                    + " following the '" + op + "' operator.", new Extent(operator.end,
                    operator.end));
        }
        return e;
    }

    private Expr operandAfter(Token operator, java.util.function.Supplier<Expr> next) {
        skipNewlines();
        Token t = peekExpression();
        if (!startsOperand(t)) {
            return requireOperand(null, operator);
        }
        return requireOperand(nested(next), operator);
    }

    private Expr logical() {
        Expr left = comparison();
        while (true) {
            Token t = peekExpression();
            if (!t.is(Kind.DASH_OPERATOR) || !LOGICAL.contains(t.text)) {
                return left;
            }
            tz.nextExpression();
            Expr right = operandAfter(t, this::comparison);
            left = new Ast.Binary(t.text, left, right, t.extent(),
                    left.extent().to(right.extent()));
        }
    }

    /** The operator's name without the case prefix {@code i}; {@code c} is kept. */
    private static String normalise(String op) {
        if (op.startsWith("i") && COMPARISON.contains(op.substring(1))
                && !op.equals("in") && !op.equals("is") && !op.equals("isnot")) {
            return op.substring(1);
        }
        return op;
    }

    private static boolean isComparison(String op) {
        String n = normalise(op);
        return COMPARISON.contains(n) || (n.startsWith("c") && COMPARISON.contains(n.substring(1))
                && !n.equals("contains"));
    }

    private Expr comparison() {
        Expr left = additive();
        while (true) {
            Token t = peekExpression();
            if (!t.is(Kind.DASH_OPERATOR)) {
                return left;
            }
            if (!isComparison(t.text)) {
                if (LOGICAL.contains(t.text) || t.text.equals("f")) {
                    return left;
                }
                throw error("UnexpectedToken", "Unexpected token '" + src.substring(t.start, t.end)
                        + "' in expression or statement.", t.extent());
            }
            tz.nextExpression();
            Expr right = operandAfter(t, this::additive);
            left = new Ast.Binary(normalise(t.text), left, right, t.extent(),
                    left.extent().to(right.extent()));
        }
    }

    private Expr additive() {
        Expr left = multiplicative();
        while (true) {
            Token t = peekExpression();
            if (!(t.is(Kind.OPERATOR) && (t.text.equals("+") || t.text.equals("-")))) {
                return left;
            }
            tz.nextExpression();
            Expr right = operandAfter(t, this::multiplicative);
            left = new Ast.Binary(t.text, left, right, t.extent(),
                    left.extent().to(right.extent()));
        }
    }

    private Expr multiplicative() {
        Expr left = unaryMinus();
        while (true) {
            Token t = peekExpression();
            if (!(t.is(Kind.OPERATOR) && "*/%".contains(t.text))) {
                return left;
            }
            tz.nextExpression();
            Expr right = operandAfter(t, this::unaryMinus);
            left = new Ast.Binary(t.text, left, right, t.extent(),
                    left.extent().to(right.extent()));
        }
    }

    private Expr unaryMinus() {
        Token t = peekExpression();
        if (t.is(Kind.OPERATOR) && (t.text.equals("-") || t.text.equals("+"))) {
            tz.nextExpression();
            Expr operand = operandAfter(t, this::unaryMinus);
            if (operand instanceof Ast.Constant && ((Ast.Constant) operand).value()
                    instanceof Number && t.text.equals("-")) {
                return new Ast.Constant(Operators.negate((Number) ((Ast.Constant) operand)
                        .value()), t.extent().to(operand.extent()));
            }
            return new Ast.Unary(t.text, operand, t.extent().to(operand.extent()));
        }
        return format();
    }

    private Expr format() {
        Expr left = range();
        while (true) {
            Token t = peekExpression();
            if (!(t.is(Kind.DASH_OPERATOR) && t.text.equals("f"))) {
                return left;
            }
            tz.nextExpression();
            Expr right = operandAfter(t, this::range);
            left = new Ast.Binary("f", left, right, t.extent(), left.extent().to(right.extent()));
        }
    }

    private Expr range() {
        Expr left = not();
        if (left == null) {
            return null;
        }
        Token t = peekExpression();
        if (t.is(Kind.DOTDOT)) {
            tz.nextExpression();
            Expr right = operandAfter(t, this::not);
            return new Ast.Binary("..", left, right, t.extent(), left.extent().to(right.extent()));
        }
        return left;
    }

    private Expr not() {
        Token t = peekExpression();
        if ((t.is(Kind.OPERATOR) && t.text.equals("!"))
                || (t.is(Kind.DASH_OPERATOR) && t.text.equals("not"))) {
            tz.nextExpression();
            Expr operand = operandAfter(t, this::not);
            return new Ast.Unary(t.text.equals("!") ? "!" : "not", operand,
                    t.extent().to(operand.extent()));
        }
        return comma();
    }

    private Expr comma() {
        Expr first = prefix();
        if (first == null || commaSeparatesArguments) {
            return first;
        }
        List<Expr> items = new ArrayList<>();
        items.add(first);
        while (peekExpression().is(Kind.COMMA)) {
            Token c = tz.nextExpression();
            skipNewlines();
            Expr next = prefix();
            if (next == null) {
                throw error("MissingExpressionAfterToken", "Missing expression after ','.",
                        new Extent(c.end, c.end));
            }
            items.add(next);
        }
        return arrayOf(items);
    }

    private Expr prefix() {
        Token t = peekExpression();
        if (t.is(Kind.OPERATOR) && (t.text.equals("++") || t.text.equals("--"))) {
            tz.nextExpression();
            Expr operand = operandAfter(t, this::prefix);
            if (!assignable(operand)) {
                throw error("OperatorRequiresVariableOrProperty", "The '" + t.text + "' operator"
                        + " works only on variables or on properties.", operand.extent());
            }
            return new Ast.Unary("pre" + t.text, operand, t.extent().to(operand.extent()));
        }
        if (t.is(Kind.COMMA)) {
            tz.nextExpression();
            Expr operand = operandAfter(t, this::prefix);
            return new Ast.Unary(",", operand, t.extent().to(operand.extent()));
        }
        if (t.is(Kind.DASH_OPERATOR) && (t.text.equals("split") || t.text.equals("join"))) {
            tz.nextExpression();
            Expr operand = operandAfter(t, this::prefix);
            return new Ast.Unary(t.text, operand, t.extent().to(operand.extent()));
        }
        if (t.is(Kind.LBRACKET)) {
            int save = tz.position();
            tz.nextExpression();
            String type = tz.typeName();
            if (type == null) {
                tz.reset(save);
                throw unexpected(t);
            }
            Extent typeExtent = new Extent(t.start, tz.position());
            char c = tz.peekChar();
            if (c == ':' && tz.peekChar(1) == ':') {
                return postfix(new Ast.TypeLiteral(type, typeExtent));
            }
            Token next = peekExpression();
            if (startsOperand(next)) {
                Expr operand = nested(this::prefix);
                if (type.equalsIgnoreCase("ordered")) {
                    if (!(operand instanceof Ast.HashLiteral)) {
                        throw error("OrderedAttributeOnlyOnHashLiteralNode", "The ordered"
                                + " attribute can be specified only on a hash literal node.",
                                typeExtent);
                    }
                    Ast.HashLiteral h = (Ast.HashLiteral) operand;
                    return new Ast.HashLiteral(h.entries(), true,
                            typeExtent.to(h.extent()));
                }
                return new Ast.Cast(type, operand, typeExtent.to(operand.extent()));
            }
            return new Ast.TypeLiteral(type, typeExtent);
        }
        Expr p = primary();
        return p == null ? null : postfix(p);
    }

    private static boolean startsOperand(Token t) {
        switch (t.kind) {
            case NUMBER:
            case STRING:
            case EXPANDABLE:
            case VARIABLE:
            case DOLLAR_PAREN:
            case AT_PAREN:
            case AT_BRACE:
            case LPAREN:
            case LBRACE:
            case LBRACKET:
                return true;
            case OPERATOR:
                return t.text.equals("-") || t.text.equals("+") || t.text.equals("!")
                        || t.text.equals("++") || t.text.equals("--");
            case COMMA:
                return true;
            case DASH_OPERATOR:
                return t.text.equals("not") || t.text.equals("split") || t.text.equals("join");
            default:
                return false;
        }
    }

    private Expr primary() {
        int save = tz.position();
        Token t = tz.nextExpression();
        switch (t.kind) {
            case NUMBER:
            case STRING:
                return new Ast.Constant(t.value, t.extent());
            case EXPANDABLE:
                return expandable(t);
            case VARIABLE:
                return new Ast.Variable(t.text, t.extent());
            case DOLLAR_PAREN: {
                Block b = inner(Kind.RPAREN, t, "MissingEndParenthesisInSubexpression",
                        "Missing closing ')' in subexpression.");
                return new Ast.Subexpression(b, new Extent(t.start, tz.position()));
            }
            case AT_PAREN: {
                Block b = inner(Kind.RPAREN, t, "MissingEndParenthesisInExpression",
                        "Missing closing ')' in expression.");
                return new Ast.ArraySubexpression(b, new Extent(t.start, tz.position()));
            }
            case LPAREN:
                return paren(t);
            case AT_BRACE:
                return hashLiteral(t);
            case LBRACE: {
                Block b = innerBlock(t);
                String text = src.substring(t.end, tz.position() - 1);
                return new Ast.ScriptBlockLiteral(b, text, new Extent(t.start, tz.position()));
            }
            case EOF:
            case NEWLINE:
            case SEMI:
            case RPAREN:
            case RBRACE:
            case PIPE:
            case ASSIGN:
            case COMMA:
                tz.reset(save);
                return null;
            case SPLAT:
                throw error("SplattingNotPermitted", "The splatting operator '@' cannot be used"
                        + " to reference variables in an expression. '@" + t.text
                        + "' can be used only as an argument to a command. To reference"
                        + " variables in an expression use '$" + t.text + "'.", t.extent());
            default:
                throw unexpected(t);
        }
    }

    private Block innerBlock(Token open) {
        boolean saved = commaSeparatesArguments;
        commaSeparatesArguments = false;
        Block b = statements(Kind.RBRACE);
        commaSeparatesArguments = saved;
        Token t = tz.nextExpression();
        if (!t.is(Kind.RBRACE)) {
            throw error("MissingEndCurlyBrace", "Missing closing '}' in statement block or type"
                    + " definition.", open.extent());
        }
        return b;
    }

    private Block inner(Kind close, Token open, String id, String message) {
        boolean saved = commaSeparatesArguments;
        commaSeparatesArguments = false;
        Block b = statements(close);
        commaSeparatesArguments = saved;
        Token t = tz.nextExpression();
        if (!t.is(close)) {
            throw error(id, message, new Extent(open.end, open.end));
        }
        return b;
    }

    private Expr paren(Token open) {
        boolean saved = commaSeparatesArguments;
        commaSeparatesArguments = false;
        skipNewlines();
        if (peekExpression().is(Kind.RPAREN)) {
            throw error("ExpectedExpression", "An expression was expected after '('.",
                    new Extent(open.end, open.end));
        }
        Statement s = statement();
        commaSeparatesArguments = saved;
        skipNewlines();
        Token t = tz.nextExpression();
        if (!t.is(Kind.RPAREN)) {
            if (!endsStatement(t) || t.is(Kind.RBRACE) || t.is(Kind.PIPE)) {
                throw error("MissingEndParenthesisInExpression",
                        "Missing closing ')' in expression.", new Extent(t.start, t.start));
            }
            int at = s.extent().end();
            throw error("MissingEndParenthesisInExpression", "Missing closing ')' in expression.",
                    new Extent(at, at));
        }
        return new Ast.Paren(s, new Extent(open.start, t.end));
    }

    private Expr hashLiteral(Token open) {
        List<Ast.HashEntry> entries = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        boolean saved = commaSeparatesArguments;
        commaSeparatesArguments = false;
        while (true) {
            skipSeparators();
            if (tz.peekChar() == '}') {
                Token close = tz.nextExpression();
                commaSeparatesArguments = saved;
                return new Ast.HashLiteral(entries, false, new Extent(open.start, close.end));
            }
            if (tz.position() >= tz.limit()) {
                throw error("IncompleteHashLiteral", "The hash literal was incomplete.",
                        new Extent(open.start, open.end));
            }
            Expr key = hashKey();
            tz.skipTrivia(false);
            Token eq = tz.nextExpression();
            if (!(eq.is(Kind.ASSIGN) && eq.text.equals("="))) {
                throw error("MissingEqualsInHashLiteral",
                        "Missing '=' operator after key in hash literal.",
                        new Extent(eq.start, eq.start));
            }
            if (key instanceof Ast.Constant) {
                String k = String.valueOf(((Ast.Constant) key).value())
                        .toLowerCase(Locale.ROOT);
                if (!keys.add(k)) {
                    throw error("DuplicateKeyInHashLiteral", "Duplicate keys '"
                            + ((Ast.Constant) key).value() + "' are not allowed in hash"
                            + " literals.", key.extent());
                }
            }
            skipNewlines();
            Token v = peekExpression();
            if (endsStatement(v)) {
                throw error("MissingStatementInHashLiteral",
                        "Missing statement after '=' in hash literal.", new Extent(eq.end, eq.end));
            }
            Statement value = statement();
            entries.add(new Ast.HashEntry(key, value));
            tz.skipTrivia(false);
            char c = tz.peekChar();
            if (c != ';' && c != '\n' && c != '\r' && c != '}') {
                if (tz.position() >= tz.limit()) {
                    throw error("IncompleteHashLiteral", "The hash literal was incomplete.",
                            new Extent(open.start, open.end));
                }
                throw error("MissingEndCurlyBrace", "Missing closing '}' in statement block or"
                        + " type definition.", new Extent(tz.position(), tz.position()));
            }
        }
    }

    /** A hash-literal key: a bare word, a number, a string or a parenthesised expression. */
    private Expr hashKey() {
        tz.skipTrivia(false);
        int s = tz.position();
        char c = tz.peekChar();
        if (Tokenizer.isSingleQuote(c) || Tokenizer.isDoubleQuote(c) || c == '(' || c == '$'
                || Character.isDigit(c)) {
            Expr e = prefix();
            if (e instanceof Ast.Expandable && ((Ast.Expandable) e).parts().stream()
                    .allMatch(p -> p instanceof String)) {
                StringBuilder sb = new StringBuilder();
                ((Ast.Expandable) e).parts().forEach(sb::append);
                return new Ast.Constant(sb.toString(), e.extent());
            }
            return e;
        }
        int e = s;
        while (e < tz.limit()) {
            char k = src.charAt(e);
            if (Character.isWhitespace(k) || k == '=' || k == ';' || k == '}') {
                break;
            }
            e++;
        }
        if (e == s) {
            throw error("MissingEqualsInHashLiteral",
                    "Missing '=' operator after key in hash literal.", new Extent(s, s));
        }
        tz.reset(e);
        return new Ast.Constant(src.substring(s, e), new Extent(s, e));
    }

    /** Member access, method calls and indexing directly after an operand. */
    private Expr postfix(Expr target) {
        while (true) {
            char c = tz.peekChar();
            if (c == '.' && tz.peekChar(1) != '.') {
                int dot = tz.position();
                tz.reset(dot + 1);
                target = member(target, false, dot);
            } else if (c == ':' && tz.peekChar(1) == ':') {
                int dot = tz.position();
                tz.reset(dot + 2);
                target = member(target, true, dot);
            } else if ((c == '+' || c == '-') && tz.peekChar(1) == c && assignable(target)) {
                int at = tz.position();
                tz.reset(at + 2);
                target = new Ast.Unary("post" + c + c, target,
                        new Extent(target.extent().start(), at + 2));
            } else if (c == '[' && !(target instanceof Ast.TypeLiteral)) {
                Token open = tz.nextExpression();
                boolean saved = commaSeparatesArguments;
                commaSeparatesArguments = false;
                skipNewlines();
                Expr index = expression();
                commaSeparatesArguments = saved;
                if (index == null) {
                    throw error("MissingArrayIndexExpression", "Array index expression is"
                            + " missing or not valid.", new Extent(open.end, open.end));
                }
                skipNewlines();
                Token close = tz.nextExpression();
                if (!close.is(Kind.RBRACKET)) {
                    throw error("MissingEndSquareBracket", "Missing ']' after array index"
                            + " expression.", new Extent(close.start, close.start));
                }
                target = new Ast.Index(target, index, target.extent().to(close.extent()));
            } else {
                return target;
            }
        }
    }

    private Expr member(Expr target, boolean isStatic, int dot) {
        Expr name;
        Token w = tz.memberName();
        if (w != null) {
            name = new Ast.Constant(w.text, w.extent());
        } else {
            char c = tz.peekChar();
            if (Tokenizer.isSingleQuote(c) || Tokenizer.isDoubleQuote(c) || c == '$'
                    || c == '(') {
                name = primary();
            } else {
                throw error("MissingPropertyName", "Missing property name after reference"
                        + " operator.", new Extent(dot + 1, dot + 1));
            }
        }
        if (tz.peekChar() == '(') {
            Token open = tz.nextExpression();
            List<Expr> args = new ArrayList<>();
            boolean saved = commaSeparatesArguments;
            commaSeparatesArguments = true;
            skipNewlines();
            if (!peekExpression().is(Kind.RPAREN)) {
                while (true) {
                    skipNewlines();
                    Expr a = expression();
                    if (a == null) {
                        throw error("MissingExpressionAfterToken", "Missing expression after"
                                + " ','.", here());
                    }
                    args.add(a);
                    skipNewlines();
                    if (peekExpression().is(Kind.COMMA)) {
                        tz.nextExpression();
                        continue;
                    }
                    break;
                }
            }
            commaSeparatesArguments = saved;
            skipNewlines();
            Token close = tz.nextExpression();
            if (!close.is(Kind.RPAREN)) {
                throw error("MissingEndParenthesisInMethodCall", "Missing closing ')' in method"
                        + " call.", new Extent(open.end, open.end));
            }
            return new Ast.MethodCall(target, name, args, isStatic,
                    target.extent().to(close.extent()));
        }
        return new Ast.Member(target, name, isStatic, target.extent().to(name.extent()));
    }

    // ---------------------------------------------------------------- strings

    private Ast.Expandable expandable(Token t) {
        List<Object> parts = new ArrayList<>();
        for (Token.Part p : t.parts) {
            if (p instanceof Token.Literal) {
                parts.add(((Token.Literal) p).text());
            } else if (p instanceof Token.VariablePart) {
                Token.VariablePart v = (Token.VariablePart) p;
                parts.add(new Ast.Variable(v.name(), new Extent(v.start(), v.end())));
            } else {
                Token.SubexpressionPart s = (Token.SubexpressionPart) p;
                Parser inner = new Parser(src, s.start(), s.end());
                inner.depth = depth;
                Block b = inner.statements(Kind.EOF);
                Token rest = inner.tz.nextExpression();
                if (!rest.is(Kind.EOF)) {
                    throw inner.unexpected(rest);
                }
                parts.add(new Ast.Subexpression(b, new Extent(s.outerStart(), s.outerEnd())));
            }
        }
        return new Ast.Expandable(parts, t.extent());
    }
}
