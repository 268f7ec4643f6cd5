package org.postern.shell.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.postern.shell.PsObject;
import org.postern.shell.View;

/**
 * Prints objects exactly as Exchange Management Shell does: Windows PowerShell 5.1's
 * Format-List, Format-Table and Out-Default (the 2016 code's framing and padding) at the
 * screen width and {@code $FormatEnumerationLimit} EMS sets (119 and 16).
 *
 * <p>Every method returns the complete text with {@code \n} line ends, including the empty lines
 * 5.1 writes around lists and tables. Instances hold no state between calls and may be shared.
 */
public final class Formatter {

    /** Out-Default shows objects with at most this many properties as a table. */
    private static final int PROPERTY_COUNT_FOR_TABLE = 4;
    /** A table built from all of an object's properties takes at most this many. */
    private static final int MAX_TABLE_COLUMNS = 10;

    private final CellText text;
    private final ListLayout list;
    private final TableLayout table;

    /**
     * @param width the usable screen columns (119 in EMS: the buffer width minus one)
     * @param enumerationLimit items of a collection shown before {@code ...} (16 in EMS);
     *     negative for no limit
     */
    public Formatter(int width, int enumerationLimit) {
        if (width < 10) {
            throw new IllegalArgumentException("The screen width must be at least 10: " + width);
        }
        this.text = new CellText(enumerationLimit);
        this.list = new ListLayout(width, text);
        this.table = new TableLayout(width, text);
    }

    /** The 3.1 string form of one value, as a list value or a table cell (before cutting). */
    public String cell(Object value) {
        return text.of(value);
    }

    /**
     * What Out-Default prints for a pipeline's output. Each object gets its type's view, or
     * without one a table (at most 4 properties) or a list; strings, numbers, Booleans and other
     * bare values print one per line. A change of type or view ends the running table or list
     * and starts a new one; bare values print inside a running one.
     */
    public String outDefault(List<Object> objects) {
        Blocks blocks = new Blocks();
        for (Object o : Inputs.flatten(objects)) {
            if (!(o instanceof PsObject)) {
                blocks.line(text.of(o));
                continue;
            }
            GroupKey key = new GroupKey(Inputs.typeName(o), Inputs.view(o));
            if (!blocks.continues(key)) {
                blocks.open(key, shapeOf((PsObject) o) == View.Shape.TABLE
                        ? tableBlock(o, List.of(), TableOptions.defaults())
                        : listBlock(List.of()));
            }
            blocks.add(o);
        }
        return blocks.finish();
    }

    /**
     * Format-List. An empty property list shows the type's list view if it has one, else every
     * property of each object. Names may be wildcards, expanded against each object; names that
     * match nothing are left out.
     */
    public String formatList(List<Object> objects, List<PropertySpec> properties) {
        Blocks blocks = new Blocks();
        for (Object o : Inputs.flatten(objects)) {
            if (!Inputs.hasProperties(o)) {
                blocks.line(text.of(o));
                continue;
            }
            if (!blocks.continues(GroupKey.ANY)) {
                blocks.open(GroupKey.ANY, listBlock(properties));
            }
            blocks.add(o);
        }
        return blocks.finish();
    }

    /**
     * Format-Table. An empty property list shows the type's table view if it has one, else the
     * first 10 properties; a change of type then starts a new table. Given properties are
     * resolved against the first object: wildcards expand to its matching properties, and a
     * plain name it lacks still makes an empty column.
     */
    public String formatTable(List<Object> objects, List<PropertySpec> properties,
            TableOptions options) {
        Objects.requireNonNull(options, "options");
        Blocks blocks = new Blocks();
        for (Object o : Inputs.flatten(objects)) {
            if (!Inputs.hasProperties(o)) {
                blocks.line(text.of(o));
                continue;
            }
            GroupKey key = properties.isEmpty()
                    ? new GroupKey(Inputs.typeName(o), Inputs.view(o)) : GroupKey.ANY;
            if (!blocks.continues(key)) {
                blocks.open(key, tableBlock(o, properties, options));
            }
            blocks.add(o);
        }
        return blocks.finish();
    }

    /** Out-Default's choice for an object: its view's shape, else by property count. */
    private static View.Shape shapeOf(PsObject o) {
        if (o.view() != null) {
            return o.view().shape();
        }
        return o.propertyNames().size() <= PROPERTY_COUNT_FOR_TABLE
                ? View.Shape.TABLE : View.Shape.LIST;
    }

    private Block tableBlock(Object first, List<PropertySpec> specs, TableOptions options) {
        List<Field> fields = tableFields(first, specs);
        return (items, out) -> table.render(items, fields, options, out);
    }

    private Block listBlock(List<PropertySpec> specs) {
        Function<Object, List<Field>> fields = o -> listFields(o, specs);
        return (items, out) -> list.render(items, fields, out);
    }

    /** The columns of a table whose first object is {@code first}. */
    private static List<Field> tableFields(Object first, List<PropertySpec> specs) {
        List<Field> fields = new ArrayList<>();
        View view = Inputs.view(first);
        if (specs.isEmpty() && view != null && view.shape() == View.Shape.TABLE) {
            // Exchange's views align every column left in all observed samples.
            for (View.Column c : view.columns()) {
                fields.add(new Field(c.label(), reader(c.property()), c.width(), Align.LEFT));
            }
            return fields;
        }
        if (specs.isEmpty()) {
            for (String name : Inputs.propertyNames(first)) {
                if (fields.size() == MAX_TABLE_COLUMNS) {
                    break;
                }
                fields.add(new Field(name, reader(name), 0, null));
            }
            return fields;
        }
        for (PropertySpec spec : specs) {
            if (!spec.isCalculated() && !Wildcard.hasWildcards(spec.name())) {
                String spelling = Inputs.spelling(first, spec.name());
                fields.add(field(spec, spelling == null ? spec.name() : spelling));
            } else {
                fields.addAll(expand(first, spec));
            }
        }
        return fields;
    }

    /** The entries of one object in a list. */
    private static List<Field> listFields(Object o, List<PropertySpec> specs) {
        List<Field> fields = new ArrayList<>();
        View view = Inputs.view(o);
        if (specs.isEmpty() && view != null && view.shape() == View.Shape.LIST) {
            for (View.Column c : view.columns()) {
                fields.add(new Field(c.label(), reader(c.property()), 0, Align.LEFT));
            }
            return fields;
        }
        if (specs.isEmpty()) {
            for (String name : Inputs.propertyNames(o)) {
                fields.add(new Field(name, reader(name), 0, Align.LEFT));
            }
            return fields;
        }
        for (PropertySpec spec : specs) {
            fields.addAll(expand(o, spec));
        }
        return fields;
    }

    /** A spec resolved against one object: a calculated property, or the names it matches. */
    private static List<Field> expand(Object o, PropertySpec spec) {
        if (spec.isCalculated()) {
            return List.of(field(spec, spec.name() == null ? "" : spec.name()));
        }
        List<Field> out = new ArrayList<>();
        if (Wildcard.hasWildcards(spec.name())) {
            Wildcard pattern = Wildcard.of(spec.name());
            for (String name : Inputs.propertyNames(o)) {
                if (pattern.matches(name)) {
                    out.add(field(spec, name));
                }
            }
        } else {
            String spelling = Inputs.spelling(o, spec.name());
            if (spelling != null) {
                out.add(field(spec, spelling));
            }
        }
        return out;
    }

    /** A field for a spec and the property name it resolved to. */
    private static Field field(PropertySpec spec, String name) {
        Function<Object, Object> value = spec.isCalculated() ? spec.expression() : reader(name);
        String label = spec.label() != null ? spec.label() : name;
        Align align = spec.alignment() == null ? null : Align.parse(spec.alignment());
        return new Field(label, value, spec.width(), align);
    }

    private static Function<Object, Object> reader(String property) {
        return o -> Inputs.property(o, property);
    }

    /** Lays out one run of objects that share a table or list. */
    private interface Block {
        void render(List<Object> items, StringBuilder out);
    }

    /**
     * What decides whether the next object continues the running block: its type name and
     * view ({@link View} compares by identity). {@link #ANY} groups everything.
     */
    private record GroupKey(String typeName, View view) {
        static final GroupKey ANY = new GroupKey(null, null);
    }

    /** The output being built: bare lines, and at most one open block at a time. */
    private static final class Blocks {
        private final StringBuilder out = new StringBuilder();
        private GroupKey key;
        private Block block;
        private final List<Object> items = new ArrayList<>();

        void line(String text) {
            if (block == null) {
                out.append(text).append('\n');
            } else {
                items.add(new Line(text));
            }
        }

        boolean continues(GroupKey next) {
            return block != null && key.equals(next);
        }

        void open(GroupKey next, Block b) {
            close();
            key = next;
            block = b;
        }

        void add(Object o) {
            items.add(o);
        }

        private void close() {
            if (block != null) {
                block.render(items, out);
            }
            items.clear();
            block = null;
        }

        String finish() {
            close();
            return out.toString();
        }
    }
}
