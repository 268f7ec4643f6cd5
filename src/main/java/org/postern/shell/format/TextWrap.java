package org.postern.shell.format;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into display lines the way 5.1's {@code StringManipulationHelper} does for
 * en/fr/de/it/pt/es UI cultures: every embedded line break breaks, then each line is word-wrapped
 * to the width.
 */
public final class TextWrap {

    private TextWrap() {
    }

    /** The text's own lines: every CR is dropped, then LF breaks; "" is one empty line. */
    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        String s = text.replace("\r", "");
        int start = 0;
        for (int i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', start)) {
            out.add(s.substring(start, i));
            start = i + 1;
        }
        out.add(s.substring(start));
        return out;
    }

    /** A table cell without -Wrap: cut at the first line break, with {@code ...} appended. */
    static String firstLine(String text) {
        int cr = text.indexOf('\r');
        int lf = text.indexOf('\n');
        int at = cr < 0 ? lf : lf < 0 ? cr : Math.min(cr, lf);
        return at < 0 ? text : text.substring(0, at) + "...";
    }

    /**
     * The text broken into lines of at most {@code width} characters.
     *
     * <ul>
     *   <li>Words end after a space or tab, which stays attached to the word before it.</li>
     *   <li>Lines fill greedily; a word that does not fit starts a new line.</li>
     *   <li>A word longer than a whole line is broken character by character, starting on the
     *       current line.</li>
     * </ul>
     */
    public static List<String> wrap(String text, int lineWidth) {
        int width = Math.max(1, lineWidth);
        List<String> out = new ArrayList<>();
        for (String line : lines(text)) {
            if (line.length() <= width) {
                out.add(line);
                continue;
            }
            StringBuilder current = new StringBuilder();
            for (String word : words(line)) {
                int left = width - current.length();
                if (word.length() <= left) {
                    current.append(word);
                } else if (word.length() > width) {
                    for (int i = 0; i < word.length(); i++) {
                        if (current.length() == width) {
                            out.add(current.toString());
                            current.setLength(0);
                        }
                        current.append(word.charAt(i));
                    }
                } else {
                    out.add(current.toString());
                    current.setLength(0);
                    current.append(word);
                }
            }
            out.add(current.toString());
        }
        return out;
    }

    private static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t') {
                words.add(line.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < line.length()) {
            words.add(line.substring(start));
        }
        return words;
    }
}
