package org.postern.shell;

import java.util.List;

/**
 * The syntax tree the {@link Parser} builds and the {@link Interpreter} walks. Every node keeps
 * its extent in the script (start and end offsets), which error messages point at.
 */
final class Ast {

    private Ast() {
    }

    /** A span of the script text: {@code [start, end)}. */
    record Extent(int start, int end) {
        Extent to(Extent other) {
            return new Extent(start, other.end);
        }
    }

    /** Any node. */
    interface Node {
        Extent extent();
    }

    // ---------------------------------------------------------------- statements

    /** A statement: a pipeline, an assignment or a keyword statement. */
    interface Statement extends Node {
    }

    /** Statements separated by newlines or {@code ;}, as in a script or a script block. */
    record Block(List<Statement> statements, Extent extent) {
    }

    /** {@code a | b | c}; the first element may be an expression, the others are commands. */
    record Pipeline(List<Element> elements, Extent extent) implements Statement {
    }

    /** {@code target op value} for {@code = += -= *= /= %=}. */
    record Assignment(Expr target, String operator, Statement value, Extent extent)
            implements Statement {
    }

    /** {@code if (c) {..} elseif (c) {..} else {..}}. */
    record If(List<Clause> clauses, Block otherwise, Extent extent) implements Statement {
    }

    /** One {@code (condition) { body }} of an if statement. */
    record Clause(Statement condition, Block body) {
    }

    /** {@code foreach ($name in collection) { body }}. */
    record Foreach(String variable, Statement collection, Block body, Extent extent)
            implements Statement {
    }

    /**
     * A loop: {@code while (c) {..}}, {@code do {..} while (c)}, {@code do {..} until (c)} or
     * {@code for (init; c; step) {..}}; absent parts are null.
     */
    record Loop(String keyword, Statement init, Statement condition, Statement step,
            Block body, boolean conditionFirst, boolean until, Extent extent)
            implements Statement {
    }

    /** {@code break} or {@code continue}. */
    record LoopControl(boolean isBreak, Extent extent) implements Statement {
    }

    /** {@code try {..} catch [types] {..} ... finally {..}}. */
    record Try(Block body, List<Catch> catches, Block finallyBlock, Extent extent)
            implements Statement {
    }

    /** One catch clause: the types it catches (none: every error) and its block. */
    record Catch(List<String> types, Block body) {
    }

    /** {@code throw [value]}. */
    record Throw(Statement value, Extent extent) implements Statement {
    }

    // ---------------------------------------------------------------- pipeline elements

    /** One element of a pipeline. */
    interface Element extends Node {
    }

    /** An expression used as a pipeline element (only the first element may be one). */
    record ExpressionElement(Expr expression, Extent extent) implements Element {
    }

    /**
     * A command: its name as typed (or, after {@code &}, an expression giving the command) and
     * its arguments in order.
     */
    record Command(String name, Expr callee, List<Argument> arguments, Extent nameExtent,
            Extent extent) implements Element {
    }

    /** An argument of a command. */
    interface Argument extends Node {
    }

    /**
     * A parameter token: {@code -Name}, or {@code -Name:value} when {@code colonValue} is set
     * (the value may be null after the colon form only when it is missing).
     */
    record ParameterArgument(String name, String text, boolean colon, Expr colonValue,
            Extent extent) implements Argument {
    }

    /** A value argument. */
    record ValueArgument(Expr value, Extent extent) implements Argument {
    }

    /** {@code @name}: splatting a hashtable (named) or an array (positional). */
    record SplatArgument(String variable, Extent extent) implements Argument {
    }

    // ---------------------------------------------------------------- expressions

    /** An expression. */
    interface Expr extends Node {
    }

    /** A constant: a number, a verbatim string, or a bare word of argument mode. */
    record Constant(Object value, Extent extent) implements Expr {
    }

    /** A string with {@code $var} and {@code $(...)} parts; parts are Strings or Exprs. */
    record Expandable(List<Object> parts, Extent extent) implements Expr {
    }

    /** {@code $name}. */
    record Variable(String name, Extent extent) implements Expr {
    }

    /** {@code target.member} or {@code [Type]::member}. */
    record Member(Expr target, Expr member, boolean isStatic, Extent extent) implements Expr {
    }

    /** {@code target.member(args)} or {@code [Type]::member(args)}. */
    record MethodCall(Expr target, Expr member, List<Expr> arguments, boolean isStatic,
            Extent extent) implements Expr {
    }

    /** {@code target[index]}. */
    record Index(Expr target, Expr index, Extent extent) implements Expr {
    }

    /** A unary operator: {@code ! -not - + , -split -join}. */
    record Unary(String operator, Expr operand, Extent extent) implements Expr {
    }

    /**
     * A binary operator, lower case and without the dash for the dash operators
     * ({@code eq}, {@code ceq}, {@code and}), or the symbol ({@code + .. *}).
     */
    record Binary(String operator, Expr left, Expr right, Extent operatorExtent, Extent extent)
            implements Expr {
    }

    /** {@code a, b, c}. */
    record ArrayLiteral(List<Expr> elements, Extent extent) implements Expr {
    }

    /** {@code @( ... )}: always an array. */
    record ArraySubexpression(Block body, Extent extent) implements Expr {
    }

    /** {@code $( ... )}. */
    record Subexpression(Block body, Extent extent) implements Expr {
    }

    /** {@code ( pipeline )}. */
    record Paren(Statement pipeline, Extent extent) implements Expr {
    }

    /** {@code @{ k = v; ... }}, optionally {@code [ordered]}. */
    record HashLiteral(List<HashEntry> entries, boolean ordered, Extent extent) implements Expr {
    }

    /** One {@code key = value} of a hash literal. */
    record HashEntry(Expr key, Statement value) {
    }

    /** {@code { statements }}; text is the source between the braces. */
    record ScriptBlockLiteral(Block body, String text, Extent extent) implements Expr {
    }

    /** {@code [TypeName]} on its own (for -is, -as and static members). */
    record TypeLiteral(String typeName, Extent extent) implements Expr {
    }

    /** {@code [TypeName] operand}. */
    record Cast(String typeName, Expr operand, Extent extent) implements Expr {
    }
}
