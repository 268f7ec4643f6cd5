package org.postern.shell;

import java.util.ArrayList;
import java.util.List;

/** A script's text with line and column lookup for error positions (both 1-based). */
final class Source {

    private final String text;
    private final int[] lineStarts;

    Source(String text) {
        this.text = text;
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n'
                    || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                starts.add(i + 1);
            }
        }
        lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    String text() {
        return text;
    }

    int line(int offset) {
        int lo = 0;
        int hi = lineStarts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (lineStarts[mid] <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo + 1;
    }

    int column(int offset) {
        return offset - lineStarts[line(offset) - 1] + 1;
    }

    /** The text of a line without its line break. */
    String lineText(int line) {
        int start = lineStarts[line - 1];
        int end = line < lineStarts.length ? lineStarts[line] : text.length();
        String s = text.substring(start, end);
        int cut = s.length();
        while (cut > 0 && (s.charAt(cut - 1) == '\n' || s.charAt(cut - 1) == '\r')) {
            cut--;
        }
        return s.substring(0, cut);
    }

    String slice(Ast.Extent e) {
        return text.substring(Math.max(0, e.start()), Math.min(text.length(), e.end()));
    }
}
