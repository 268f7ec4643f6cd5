package org.postern.queue;

import java.io.IOException;
import java.util.Locale;

/**
 * Whether a failure of the store is its file system running out of space (ENOSPC) or over a
 * quota (EDQUOT). The JDK reports both as a plain {@link IOException} with the operating
 * system's text, so the text is what there is to go by.
 */
public final class OutOfSpace {

    private OutOfSpace() {
    }

    /** True when {@code failure}, or one of its causes, is a full disk or an exceeded quota. */
    public static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException && t.getMessage() != null) {
                String text = t.getMessage().toLowerCase(Locale.ROOT);
                if (text.contains("no space left on device") || text.contains("quota exceeded")
                        || text.contains("not enough space")) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
