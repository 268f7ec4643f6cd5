package org.postern.shell.format;

import java.util.Locale;

/** A table column's alignment. */
enum Align {
    LEFT, CENTER, RIGHT;

    /** {@code Left}, {@code Center} or {@code Right} in any case. */
    static Align parse(String text) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "left":
                return LEFT;
            case "center":
                return CENTER;
            case "right":
                return RIGHT;
            default:
                throw new IllegalArgumentException("The alignment \"" + text
                        + "\" isn't valid. Use Left, Center or Right.");
        }
    }

    /** {@code text} placed in a field of {@code width} columns; text must not be longer. */
    String place(String text, int width) {
        int pad = width - text.length();
        if (pad <= 0) {
            return text;
        }
        switch (this) {
            case RIGHT:
                return " ".repeat(pad) + text;
            case CENTER:
                return " ".repeat(pad / 2) + text + " ".repeat(pad - pad / 2);
            default:
                return text + " ".repeat(pad);
        }
    }
}
