package org.postern.shell;

/**
 * Text that a Format- cmdlet produced: Out-Default prints it as it is, and Out-String returns
 * it, instead of formatting the object again.
 */
public record FormattedText(String text) {

    @Override
    public String toString() {
        return text;
    }
}
