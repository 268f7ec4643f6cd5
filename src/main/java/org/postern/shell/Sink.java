package org.postern.shell;

/** Where a statement's or a command's success output goes. */
interface Sink {

    /** Discards what it is given (the init and step parts of a for loop). */
    Sink NULL = value -> { };

    void write(Object value);
}
