package org.postern.shell;

/**
 * A syntax error: its ParserStrings id (the FullyQualifiedErrorId), its message and where it
 * is.
 */
record ParseError(String id, String message, Ast.Extent extent) {
}
