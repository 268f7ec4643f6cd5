package org.postern.shell.format;

import java.util.function.Function;

/**
 * A resolved list entry or table column.
 *
 * @param label the text shown as the label or header
 * @param value reads the value from an input object
 * @param width the column width, 0 for none
 * @param align the column alignment, or null to decide from the first row's value
 */
record Field(String label, Function<Object, Object> value, int width, Align align) {
}
