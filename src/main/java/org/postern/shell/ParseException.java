package org.postern.shell;

import java.util.List;

/** The script did not parse; nothing of it runs. */
final class ParseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<ParseError> errors;

    ParseException(List<ParseError> errors) {
        super(errors.get(0).message());
        this.errors = List.copyOf(errors);
    }

    ParseException(ParseError error) {
        this(List.of(error));
    }

    List<ParseError> errors() {
        return errors;
    }
}
