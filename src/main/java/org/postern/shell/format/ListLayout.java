package org.postern.shell.format;

import java.util.List;
import java.util.function.Function;

/**
 * Format-List's layout as Windows PowerShell 5.1 prints it (2016 ListWriter): two empty lines
 * before the first object (format start, group start), one after each object, and one each for
 * group end and format end.
 */
final class ListLayout {

    /** Screen columns; values wrap at the right edge. */
    private final int width;
    private final CellText text;

    ListLayout(int width, CellText text) {
        this.width = width;
        this.text = text;
    }

    /**
     * One list block. Items are input objects (laid out with the fields {@code fields} gives
     * for each) or {@link Raw} text printed as it is.
     */
    void render(List<Object> items, Function<Object, List<Field>> fields, StringBuilder out) {
        out.append("\n\n");
        for (Object item : items) {
            if (item instanceof Raw) {
                out.append(((Raw) item).text());
                continue;
            }
            entry(item, fields.apply(item), out);
            out.append('\n');
        }
        out.append("\n\n");
    }

    /**
     * An object that does not fit the running table or list: its own list between two empty
     * lines, outside the block's framing (5.1's out-of-band list entry).
     */
    String outOfBand(Object o, List<Field> fields) {
        StringBuilder out = new StringBuilder("\n");
        entry(o, fields, out);
        return out.append('\n').toString();
    }

    private void entry(Object o, List<Field> fields, StringBuilder out) {
        // Labels pad to the longest label of this object, cut to (screen width - 4).
        int labelWidth = 0;
        for (Field f : fields) {
            labelWidth = Math.max(labelWidth, f.label().length());
        }
        labelWidth = Math.min(labelWidth, Math.max(1, width - 4));
        int valueWidth = Math.max(1, width - labelWidth - 3);
        String indent = " ".repeat(labelWidth + 3);
        for (Field f : fields) {
            String label = f.label().length() > labelWidth
                    ? f.label().substring(0, labelWidth) : f.label();
            out.append(Align.LEFT.place(label, labelWidth)).append(" : ");
            List<String> lines = TextWrap.wrap(text.of(f.value().apply(o)), valueWidth);
            for (int i = 0; i < lines.size(); i++) {
                if (i > 0) {
                    out.append(indent);
                }
                out.append(lines.get(i)).append('\n');
            }
        }
    }
}
