package org.postern.shell.builtin;

import java.util.ArrayList;
import java.util.List;
import org.postern.shell.Invocation;
import org.postern.shell.Parameter;

/** Out-Default (and Out-Host), Out-Null and Out-String. */
final class OutCmdlets {

    private OutCmdlets() {
    }

    /** Out-Default / Out-Host: prints its input now, as the end of a pipeline does. */
    static final class Default extends Builtin {
        Default(String name) {
            super(name, CORE, inputObject());
        }

        @Override
        public void process(Invocation inv) {
            if (inv.params().has("InputObject")) {
                List<Object> one = new ArrayList<>();
                one.add(inv.params().get("InputObject"));
                shell(inv).outDefault(one);
            }
        }
    }

    /** Out-Null: discards its input. */
    static final class Null extends Builtin {
        Null() {
            super("Out-Null", CORE, inputObject());
        }

        @Override
        public void process(Invocation inv) {
            // discarded on purpose
        }
    }

    /** Out-String: the text Out-Default would print, as one string or line by line. */
    static final class Str extends Builtin {
        Str() {
            super("Out-String", UTILITY, sw("Stream"),
                    Parameter.named("Width").type(Parameter.Type.INT).build(), inputObject());
        }

        @Override
        public void process(Invocation inv) {
            collect(inv);
        }

        @Override
        public void end(Invocation inv) {
            List<Object> all = collected(inv);
            int width = inv.params().has("Width") ? (Integer) inv.params().get("Width")
                    : shell(inv).formatterWidth();
            String text = shell(inv).render(all, width);
            if (!inv.params().bool("Stream")) {
                inv.emit(text);
                return;
            }
            String[] lines = text.split("\n", -1);
            int n = lines.length;
            if (n > 0 && lines[n - 1].isEmpty()) {
                n--;
            }
            for (int i = 0; i < n; i++) {
                inv.emit(lines[i]);
            }
        }
    }
}
