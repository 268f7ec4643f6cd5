package org.postern.shell;

/** Where a statement's or a command's success output goes. */
interface Sink {
    void write(Object value);
}
