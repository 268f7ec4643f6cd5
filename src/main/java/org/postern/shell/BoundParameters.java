package org.postern.shell;

import java.util.List;

/** The values bound to a command's parameters, by the declared (canonical) parameter name. */
public interface BoundParameters {

    /** Whether the parameter was given (on the command line, by splatting or from the pipeline). */
    boolean has(String name);

    /**
     * The bound value (String, Boolean, Integer, Long, Double, List, Map, PsObject, ...), or
     * null.
     */
    Object get(String name);

    /** The value as a string, or null when absent. */
    String string(String name);

    /** A switch or Boolean parameter's value; false when absent. */
    boolean bool(String name);

    /** The value as a list (a single value is a one-element list); empty when absent. */
    List<Object> list(String name);
}
