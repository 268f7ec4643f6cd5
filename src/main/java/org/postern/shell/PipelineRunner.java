package org.postern.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs one pipeline, streaming: every command is resolved and its command line bound first
 * (errors there stop the statement before anything runs); then every command's begin runs,
 * then the first element produces objects that flow one at a time through the process step
 * of each command, then every command's end runs, in order. A command that needs no more
 * input (Select-Object -First) stops the commands before it; it and those after it still end.
 */
final class PipelineRunner {

    private PipelineRunner() {
    }

    static void run(Interpreter in, Ast.Pipeline p, Sink out) {
        List<Ast.Element> elements = p.elements();
        Ast.Expr source = null;
        List<Ast.Command> commands = new ArrayList<>();
        for (Ast.Element e : elements) {
            if (e instanceof Ast.ExpressionElement) {
                source = ((Ast.ExpressionElement) e).expression();
            } else {
                commands.add((Ast.Command) e);
            }
        }
        if (commands.isEmpty()) {
            Object value = in.eval(source);
            if (Interpreter.isSilent(source)) {
                return;
            }
            for (Object item : Values.enumerate(value)) {
                out.write(item);
            }
            return;
        }
        List<CommandProcessor> stages = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            stages.add(CommandProcessor.create(in, commands.get(i), i, source == null && i == 0));
        }
        for (int i = 0; i < stages.size(); i++) {
            CommandProcessor next = i + 1 < stages.size() ? stages.get(i + 1) : null;
            stages.get(i).connect(next == null ? out : next::input);
        }

        int endFrom = 0;
        boolean driving = true;
        while (true) {
            try {
                if (driving) {
                    driving = false;
                    for (int i = stages.size() - 1; i >= 0; i--) {
                        stages.get(i).begin();
                    }
                    if (source != null) {
                        for (Object item : Values.enumerate(in.eval(source))) {
                            stages.get(0).input(item);
                        }
                    } else {
                        stages.get(0).processWithoutInput();
                    }
                }
                for (int k = endFrom; k < stages.size(); k++) {
                    endFrom = k + 1;
                    stages.get(k).end();
                }
                return;
            } catch (StopUpstream stop) {
                endFrom = Math.max(endFrom, stop.stage());
            }
        }
    }
}
