package org.postern.shell;

import java.util.ArrayList;
import java.util.List;

/** The default format view a type registers: a table with columns, or a list of properties. */
public final class View {

    /** The view's shape. */
    public enum Shape { TABLE, LIST }

    /**
     * A column of a table view.
     *
     * @param property the property whose value the column shows
     * @param label the header text
     * @param width the column width in characters, 0 for none (shares the rest of the screen)
     */
    public record Column(String property, String label, int width) {
        public static Column of(String property) {
            return new Column(property, property, 0);
        }

        public static Column of(String property, int width) {
            return new Column(property, property, width);
        }
    }

    private final Shape shape;
    private final List<Column> columns;

    private View(Shape shape, List<Column> columns) {
        this.shape = shape;
        this.columns = List.copyOf(columns);
    }

    /** A table view of the named properties, columns without fixed widths. */
    public static View table(String... properties) {
        List<Column> cols = new ArrayList<>();
        for (String p : properties) {
            cols.add(Column.of(p));
        }
        return new View(Shape.TABLE, cols);
    }

    public static View table(Column... columns) {
        return new View(Shape.TABLE, List.of(columns));
    }

    /** A list view of the named properties. */
    public static View list(String... properties) {
        List<Column> cols = new ArrayList<>();
        for (String p : properties) {
            cols.add(Column.of(p));
        }
        return new View(Shape.LIST, cols);
    }

    public Shape shape() {
        return shape;
    }

    public List<Column> columns() {
        return columns;
    }
}
