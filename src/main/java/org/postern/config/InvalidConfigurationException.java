package org.postern.config;

/** A configuration change that breaks a rule; the message says which value and why. */
public class InvalidConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String exchangeType;

    public InvalidConfigurationException(String message) {
        this(message, "DataValidationException");
    }

    /** With the name of the exception Exchange reports for the same rule. */
    public InvalidConfigurationException(String message, String exchangeType) {
        super(message);
        this.exchangeType = exchangeType;
    }

    /** The exception type name Exchange shows for this rule, e.g. DataValidationException. */
    public String exchangeType() {
        return exchangeType;
    }
}
