package org.postern.shell.format;

/** A string, number or other bare value that prints as one line inside or between blocks. */
record Line(String text) {
}
