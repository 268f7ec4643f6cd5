package org.postern.shell;

import java.util.ArrayList;
import java.util.List;
import org.postern.shell.format.Formatter;

/**
 * The Out-Default at the end of every top-level pipeline: collects the success output of the
 * script and prints it through the formatter, runs of consecutive objects at a time, so a
 * table continues across statements as it does in a script. Text from Format-List and
 * Format-Table and error records in the output print as they are. A line written to the host
 * (a warning, a what-if line) first prints what is pending, so the order stays right.
 */
final class OutDefault implements Sink {

    private final Session session;
    private final List<Object> pending = new ArrayList<>();

    OutDefault(Session session) {
        this.session = session;
    }

    @Override
    public void write(Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof FormattedText) {
            flush();
            session.appendStdout(((FormattedText) value).text());
        } else if (value instanceof ErrorRecord) {
            flush();
            session.appendStdout(session.render((ErrorRecord) value));
        } else {
            pending.add(value);
        }
    }

    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        List<Object> run = new ArrayList<>(pending);
        pending.clear();
        session.appendStdout(session.formatter(session.options.width()).outDefault(run));
    }

    /** What Out-Default would print for these objects, as a string (Out-String). */
    static String render(Session session, List<Object> objects, int width) {
        StringBuilder sb = new StringBuilder();
        List<Object> run = new ArrayList<>();
        Formatter f = session.formatter(width);
        for (Object o : objects) {
            if (o == null) {
                continue;
            }
            if (o instanceof FormattedText || o instanceof ErrorRecord) {
                if (!run.isEmpty()) {
                    sb.append(f.outDefault(run));
                    run = new ArrayList<>();
                }
                sb.append(o instanceof FormattedText ? ((FormattedText) o).text()
                        : session.render((ErrorRecord) o));
            } else {
                run.add(o);
            }
        }
        if (!run.isEmpty()) {
            sb.append(f.outDefault(run));
        }
        return sb.toString();
    }
}
