package org.postern.shell.builtin;

import java.util.ArrayList;
import java.util.List;
import org.postern.shell.ErrorCategory;
import org.postern.shell.Invocation;
import org.postern.shell.Members;
import org.postern.shell.Parameter;
import org.postern.shell.PsObject;
import org.postern.shell.ScriptBlock;
import org.postern.shell.ShellError;

/**
 * ForEach-Object: runs a script block per object ({@code % { $_.Name }}), with optional begin
 * and end blocks, or outputs a property or calls a method of each object ({@code % Name}).
 */
final class ForEachObject extends Builtin {

    /** The blocks of one pipeline's ForEach-Object. */
    private static final class Blocks {
        ScriptBlock begin;
        List<ScriptBlock> process = new ArrayList<>();
        ScriptBlock end;
    }

    ForEachObject() {
        super("ForEach-Object", CORE, inputObject(),
                Parameter.named("Begin").type(Parameter.Type.SCRIPT_BLOCK).build(),
                Parameter.named("Process").type(Parameter.Type.SCRIPT_BLOCK).array().position(0)
                        .build(),
                Parameter.named("End").type(Parameter.Type.SCRIPT_BLOCK).build(),
                Parameter.named("RemainingScripts").type(Parameter.Type.SCRIPT_BLOCK).array()
                        .remainingArguments().build(),
                Parameter.named("MemberName").type(Parameter.Type.STRING).position(0).build(),
                Parameter.named("ArgumentList").array().alias("Args").build());
    }

    /**
     * The blocks as 5.1 assigns them: with several positional blocks and no -Begin/-End, the
     * first is the begin block, the last (of three or more) the end block.
     */
    private static Blocks blocks(Invocation inv) {
        Blocks b = new Blocks();
        List<ScriptBlock> all = new ArrayList<>();
        for (Object o : inv.params().list("Process")) {
            all.add((ScriptBlock) o);
        }
        for (Object o : inv.params().list("RemainingScripts")) {
            all.add((ScriptBlock) o);
        }
        b.begin = (ScriptBlock) inv.params().get("Begin");
        b.end = (ScriptBlock) inv.params().get("End");
        if (all.size() > 1 && b.begin == null && b.end == null) {
            b.begin = all.remove(0);
            if (all.size() > 1) {
                b.end = all.remove(all.size() - 1);
            }
        }
        b.process = all;
        return b;
    }

    @Override
    public void begin(Invocation inv) {
        Blocks b = shell(inv).state(() -> blocks(inv));
        if (b.begin != null) {
            run(inv, b.begin, null);
        }
    }

    @Override
    public void process(Invocation inv) {
        Object input = inv.params().get("InputObject");
        if (inv.params().has("MemberName")) {
            member(inv, input, inv.params().string("MemberName"));
            return;
        }
        Blocks b = shell(inv).state(() -> blocks(inv));
        for (ScriptBlock s : b.process) {
            run(inv, s, input);
        }
    }

    @Override
    public void end(Invocation inv) {
        Blocks b = shell(inv).state(() -> blocks(inv));
        if (b.end != null) {
            run(inv, b.end, null);
        }
    }

    private static void run(Invocation inv, ScriptBlock block, Object input) {
        for (Object o : block.invoke(input, inv.params().list("ArgumentList"))) {
            inv.emit(o);
        }
    }

    private static void member(Invocation inv, Object input, String name) {
        boolean isObject = input instanceof PsObject || input instanceof java.util.Map;
        if (isObject ? Members.has(input, name) : Members.get(input, name) != null) {
            inv.emit(Members.get(input, name));
            return;
        }
        try {
            inv.emit(Members.call(input, name, inv.params().list("ArgumentList")));
        } catch (ShellError e) {
            inv.writeError(new ShellError("Input name \"" + name + "\" cannot be resolved to a"
                    + " method.", ErrorCategory.InvalidArgument, "PSArgumentException", name,
                    "MethodNotFound"));
        }
    }
}
