package org.postern.shell.format;

/**
 * Format-Table's switches.
 *
 * @param autoSize size every column to its longest cell and label ({@code -AutoSize})
 * @param wrap word-wrap long cells onto more lines instead of cutting them ({@code -Wrap})
 * @param hideTableHeaders leave out the header and dash lines ({@code -HideTableHeaders})
 */
public record TableOptions(boolean autoSize, boolean wrap, boolean hideTableHeaders) {

    public static TableOptions defaults() {
        return new TableOptions(false, false, false);
    }
}
