package org.postern.config;

/** A configuration change that breaks a rule; the message says which value and why. */
public class InvalidConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidConfigurationException(String message) {
        super(message);
    }
}
