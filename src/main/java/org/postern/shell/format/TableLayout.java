package org.postern.shell.format;

import java.util.ArrayList;
import java.util.List;

/**
 * Format-Table's layout as Windows PowerShell 5.1 prints it (2016 TableWriter and
 * ColumnWidthManager): one empty line, the header and dash lines, the rows, two empty lines.
 * Columns are one space apart and every cell, the last included, is padded to its width.
 */
final class TableLayout {

    /** Screen columns the table must fit in. */
    private final int width;
    private final CellText text;

    TableLayout(int width, CellText text) {
        this.width = width;
        this.text = text;
    }

    /**
     * One table block. Items are input objects (one row each) or {@link Raw} text printed
     * between the rows as it is. Fields whose alignment is null take it from the first object's
     * value.
     */
    void render(List<Object> items, List<Field> fields, TableOptions options, StringBuilder out) {
        if (fields.isEmpty()) {
            // No columns: 5.1 writes neither header nor rows, only the framing and raw text.
            out.append('\n');
            for (Object item : items) {
                if (item instanceof Raw) {
                    out.append(((Raw) item).text());
                }
            }
            out.append("\n\n");
            return;
        }
        Object first = null;
        List<String[]> cells = new ArrayList<>();
        for (Object item : items) {
            if (item instanceof Raw) {
                cells.add(null);
                continue;
            }
            if (first == null) {
                first = item;
            }
            String[] row = new String[fields.size()];
            for (int c = 0; c < row.length; c++) {
                row[c] = text.of(fields.get(c).value().apply(item));
            }
            cells.add(row);
        }
        Align[] align = new Align[fields.size()];
        for (int c = 0; c < align.length; c++) {
            Field f = fields.get(c);
            align[c] = f.align() != null ? f.align()
                    : first != null && CellText.alignsRight(f.value().apply(first))
                    ? Align.RIGHT : Align.LEFT;
        }

        int[] widths = widths(fields, cells, options);
        int hidden = 0;
        for (int w : widths) {
            if (w <= 0) {
                hidden++;
            }
        }
        if (hidden > 0) {
            // Printed by 5.1 but absent from the open-source code; wording for one column and the
            // position before the table are UNCONFIRMED.
            out.append("WARNING: ").append(hidden)
                    .append(" columns do not fit into the display and were removed.\n");
        }

        out.append('\n');
        if (!options.hideTableHeaders()) {
            header(fields, align, widths, out);
        }
        for (int r = 0; r < items.size(); r++) {
            if (cells.get(r) == null) {
                out.append(((Raw) items.get(r)).text());
            } else {
                row(cells.get(r), align, widths, options.wrap(), out);
            }
        }
        out.append("\n\n");
    }

    /**
     * Column widths; 0 marks a hidden column. The table auto-sizes when asked to or when its
     * first column has no width (5.1 then caches the rows and sizes on them): each column takes
     * the longest of its label and cells. Otherwise given widths are kept. Then columns still
     * without a width start at 1 and share the free space round-robin, and a table that is too
     * wide is trimmed from the right.
     */
    private int[] widths(List<Field> fields, List<String[]> cells, TableOptions options) {
        int n = fields.size();
        int[] w = new int[n];
        boolean auto = options.autoSize() || fields.get(0).width() <= 0;
        for (int c = 0; c < n; c++) {
            if (!auto) {
                w[c] = fields.get(c).width();
                continue;
            }
            w[c] = fields.get(c).label().length();
            for (String[] row : cells) {
                if (row != null) {
                    w[c] = Math.max(w[c], row[c].length());
                }
            }
        }
        share(w);
        trimToFit(w);
        return w;
    }

    /** Columns without a width get 1, then the free space one column at a time, left to right. */
    private void share(int[] w) {
        List<Integer> open = new ArrayList<>();
        int free = width - (w.length - 1);
        for (int c = 0; c < w.length; c++) {
            if (w[c] <= 0) {
                w[c] = 1;
                open.add(c);
            }
            free -= w[c];
        }
        for (int i = 0; free > 0 && !open.isEmpty(); i++, free--) {
            w[open.get(i % open.size())]++;
        }
    }

    /**
     * Shrinks the last visible column until the table fits; a column that would drop below one
     * character is hidden and the one to its left shrinks instead. The first column is never
     * hidden.
     */
    private void trimToFit(int[] w) {
        for (int c = w.length - 1; c >= 0; c--) {
            int total = -1;
            for (int x : w) {
                if (x > 0) {
                    total += x + 1;
                }
            }
            int excess = total - width;
            if (excess <= 0) {
                return;
            }
            if (w[c] - excess >= 1 || c == 0) {
                w[c] = Math.max(1, w[c] - excess);
                return;
            }
            w[c] = 0;
        }
    }

    private void header(List<Field> fields, Align[] align, int[] widths, StringBuilder out) {
        List<List<String>> labels = new ArrayList<>();
        for (int c = 0; c < fields.size(); c++) {
            labels.add(widths[c] > 0 ? TextWrap.wrap(fields.get(c).label(), widths[c]) : List.of());
        }
        lines(labels, align, widths, out);
        List<String> dashes = new ArrayList<>();
        for (int c = 0; c < fields.size(); c++) {
            int dashCount = Math.min(fields.get(c).label().length(), widths[c]);
            dashes.add("-".repeat(Math.max(dashCount, 0)));
        }
        line(dashes, align, widths, out);
    }

    private void row(String[] cells, Align[] align, int[] widths, boolean wrap, StringBuilder out) {
        List<List<String>> parts = new ArrayList<>();
        for (int c = 0; c < cells.length; c++) {
            if (widths[c] <= 0) {
                parts.add(List.of());
            } else if (wrap) {
                parts.add(TextWrap.wrap(cells[c], widths[c]));
            } else {
                parts.add(List.of(truncate(TextWrap.firstLine(cells[c]), widths[c], align[c])));
            }
        }
        lines(parts, align, widths, out);
    }

    /**
     * A value longer than its column: cut to (width - 3) plus {@code ...}, or {@code ...} plus
     * the tail when right-aligned; columns of 3 or less just cut.
     */
    static String truncate(String cell, int w, Align align) {
        if (cell.length() <= w) {
            return cell;
        }
        if (w <= 3) {
            return cell.substring(0, w);
        }
        if (align == Align.RIGHT) {
            return "..." + cell.substring(cell.length() - (w - 3));
        }
        return cell.substring(0, w - 3) + "...";
    }

    /** Several physical lines of one row; columns with fewer lines are filled with blanks. */
    private static void lines(List<List<String>> columns, Align[] align, int[] widths,
            StringBuilder out) {
        int height = 1;
        for (List<String> col : columns) {
            height = Math.max(height, col.size());
        }
        for (int i = 0; i < height; i++) {
            List<String> line = new ArrayList<>();
            for (List<String> col : columns) {
                line.add(i < col.size() ? col.get(i) : "");
            }
            line(line, align, widths, out);
        }
    }

    private static void line(List<String> parts, Align[] align, int[] widths, StringBuilder out) {
        boolean firstColumn = true;
        for (int c = 0; c < parts.size(); c++) {
            if (widths[c] <= 0) {
                continue;
            }
            if (!firstColumn) {
                out.append(' ');
            }
            firstColumn = false;
            out.append(align[c].place(parts.get(c), widths[c]));
        }
        out.append('\n');
    }
}
