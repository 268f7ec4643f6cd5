package org.postern.shell.format;

import java.util.function.Function;

/**
 * One entry of Format-List's or Format-Table's {@code -Property}: a name (wildcards allowed) or a
 * calculated property.
 *
 * @param name a property name or wildcard pattern ({@code Max*}, {@code *}); for a calculated
 *     property the name used when {@code label} is null
 * @param label the header or label to show instead of the property's own spelling, or null
 * @param expression computes the value from the input object (the engine runs the script
 *     block), or null to read the property {@code name}
 * @param width the column width for Format-Table, 0 for none
 * @param alignment {@code Left}, {@code Center} or {@code Right} (any case), or null to decide
 *     from the value type
 */
public record PropertySpec(String name, String label, Function<Object, Object> expression,
        int width, String alignment) {

    public PropertySpec {
        if (width < 0) {
            throw new IllegalArgumentException("A column width can't be negative: " + width);
        }
        if (alignment != null) {
            Align.parse(alignment);
        }
        if (expression == null && (name == null || name.isEmpty())) {
            throw new IllegalArgumentException("A property needs a name or an expression.");
        }
    }

    /** A property given by name or wildcard pattern, shown with the object's own spelling. */
    public static PropertySpec named(String nameOrWildcard) {
        return new PropertySpec(nameOrWildcard, null, null, 0, null);
    }

    boolean isCalculated() {
        return expression != null;
    }
}
