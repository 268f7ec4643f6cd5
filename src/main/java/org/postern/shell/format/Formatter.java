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
     * What Out-Default prints for the whole output of one top-level pipeline or script.
     *
     * <ul>
     *   <li>Strings, numbers, Booleans, enums and other bare values print one per line, also
     *       between the rows of a running table or list.</li>
     *   <li>The first other object decides the layout: its type's view, or without one a table
     *       (at most 4 properties) or a list of all properties.</li>
     *   <li>Later objects join that table or list when it comes from properties, or when they
     *       share the view; any other object prints "out of band" as its own list between two
     *       empty lines inside the running block (5.1's well-known mixed-output behaviour).</li>
     * </ul>
     */
    public String outDefault(List<Object> objects) {
        return format(objects, first -> {
            View view = first.view();
            if (view != null) {
                return view.shape() == View.Shape.TABLE
                        ? tableBlock(first, List.of(), TableOptions.defaults(), view)
                        : listBlock(first, List.of(), view);
            }
            return first.propertyNames().size() <= PROPERTY_COUNT_FOR_TABLE
                    ? tableBlock(first, List.of(), TableOptions.defaults(), null)
                    : listBlock(first, List.of(), null);
        });
    }

    /**
     * Format-List. An empty property list shows the first object's list view if its type has
     * one, else every property of each object. Names may be wildcards, expanded against each
     * object; names that match nothing are left out. Bare values print as lines.
     */
    public String formatList(List<Object> objects, List<PropertySpec> properties) {
        return format(objects, first -> {
            View view = first.view();
            boolean useView = properties.isEmpty() && view != null
                    && view.shape() == View.Shape.LIST;
            return listBlock(first, properties, useView ? view : null);
        });
    }

    /**
     * Format-Table. An empty property list shows the first object's table view if its type has
     * one, else its first 10 properties. Given properties are resolved against the first
     * object: wildcards expand to its matching properties, and a plain name it lacks still makes
     * an empty column. Bare values print as lines.
     */
    public String formatTable(List<Object> objects, List<PropertySpec> properties,
            TableOptions options) {
        Objects.requireNonNull(options, "options");
        return format(objects, first -> {
            View view = first.view();
            boolean useView = properties.isEmpty() && view != null
                    && view.shape() == View.Shape.TABLE;
            return tableBlock(first, properties, options, useView ? view : null);
        });
    }

    /**
     * The one format sequence of a call: bare values as lines, the first object opening the
     * block, later objects joining it or printing out of band.
     */
    private String format(List<Object> objects, Function<PsObject, Block> open) {
        StringBuilder out = new StringBuilder();
        Block block = null;
        List<Object> items = new ArrayList<>();
        for (Object o : Inputs.flatten(objects)) {
            if (!(o instanceof PsObject) || ((PsObject) o).propertyNames().isEmpty()) {
                // 5.1 prints scalars (and objects without properties) by ToString, always.
                // Known shortcoming: other Java values (Duration, ByteSize, dates, ...) print the
                // same way, where 5.1 would show the .NET object's own view (TimeSpan's list of
                // Days, Hours, ...); they only reach Out-Default through -ExpandProperty.
                Raw line = new Raw(text.of(o) + "\n");
                if (block == null) {
                    out.append(line.text());
                } else {
                    items.add(line);
                }
            } else if (block == null) {
                block = open.apply((PsObject) o);
                items.add(o);
            } else if (block.accepts((PsObject) o)) {
                items.add(o);
            } else {
                items.add(new Raw(list.outOfBand(o, listFields(o, List.of(), null))));
            }
        }
        if (block != null) {
            block.layout().render(items, out);
        }
        return out.toString();
    }

    private Block tableBlock(PsObject first, List<PropertySpec> specs, TableOptions options,
            View view) {
        List<Field> fields = tableFields(first, specs, view);
        return new Block(first, view, (items, out) -> table.render(items, fields, options, out));
    }

    private Block listBlock(PsObject first, List<PropertySpec> specs, View view) {
        return new Block(first, view,
                (items, out) -> list.render(items, o -> listFields(o, specs, view), out));
    }

    /** The columns of a table whose first object is {@code first}. */
    private static List<Field> tableFields(Object first, List<PropertySpec> specs, View view) {
        List<Field> fields = new ArrayList<>();
        if (view != null) {
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

    /** The entries of one object in a list, from the list view when there is one. */
    private static List<Field> listFields(Object o, List<PropertySpec> specs, View view) {
        List<Field> fields = new ArrayList<>();
        if (view != null) {
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

    /** How a block prints its items (objects and raw text) into the output. */
    private interface Layout {
        void render(List<Object> items, StringBuilder out);
    }

    /**
     * The running table or list of a call. A block built from properties takes every object;
     * one built from a view takes objects with that view or of the first object's type.
     */
    private record Block(PsObject first, View view, Layout layout) {
        boolean accepts(PsObject o) {
            return view == null || o.view() == view || o.typeNames().contains(first.typeName());
        }
    }
}
