package org.postern.shell.format;

/**
 * Text that goes out as it is between the rows of a table or the entries of a list: a bare value
 * on its own line, or an out-of-band list. {@code text} includes its line ends.
 */
record Raw(String text) {
}
