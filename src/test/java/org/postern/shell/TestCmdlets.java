package org.postern.shell;

import java.util.ArrayList;
import java.util.List;

/** Small cmdlets for the engine's tests: they record what they were bound with. */
final class TestCmdlets {

    static final String THING = "Test.Thing";

    private TestCmdlets() {
    }

    /** Record-Value [[-Value] v] [more...]: keeps each call's parameters. */
    static final class Recorder implements Cmdlet {
        final List<BoundParameters> calls = new ArrayList<>();

        @Override
        public String name() {
            return "Record-Value";
        }

        @Override
        public List<Parameter> parameters() {
            return List.of(Parameter.named("Value").position(0).build(),
                    Parameter.named("Rest").remainingArguments().build());
        }

        @Override
        public void process(Invocation inv) {
            calls.add(inv.params());
        }

        Object value() {
            return calls.get(calls.size() - 1).get("Value");
        }

        List<Object> rest() {
            return calls.get(calls.size() - 1).list("Rest");
        }
    }

    /** Set-Thing: a target by identity (also from the pipeline) and parameters of each kind. */
    static final class SetThing implements Cmdlet {
        final List<BoundParameters> calls = new ArrayList<>();
        final List<Object> inputs = new ArrayList<>();

        @Override
        public String name() {
            return "Set-Thing";
        }

        @Override
        public List<Parameter> parameters() {
            return List.of(
                    Parameter.named("Identity").position(0).mandatory().byValue(THING)
                            .byPropertyName().build(),
                    Parameter.named("MaxSize").build(),
                    Parameter.named("MaxCount").type(Parameter.Type.INT).build(),
                    Parameter.named("MaxHopCount").build(),
                    Parameter.named("Enabled").type(Parameter.Type.BOOLEAN).build(),
                    Parameter.switchNamed("Force"),
                    Parameter.named("Tags").type(Parameter.Type.STRING).array().build(),
                    Parameter.named("Comment").type(Parameter.Type.STRING).alias("Note").build(),
                    Parameter.named("Owner").type(Parameter.Type.STRING).byPropertyName().build());
        }

        @Override
        public boolean supportsShouldProcess() {
            return true;
        }

        @Override
        public void process(Invocation inv) {
            calls.add(inv.params());
            inputs.add(inv.input());
            if (inv.shouldProcess("Setting thing \"" + Values.toStr(inv.params()
                    .get("Identity")) + "\".")) {
                inv.emit("set " + Values.toStr(inv.params().get("Identity")));
            }
        }

        BoundParameters last() {
            return calls.get(calls.size() - 1);
        }
    }

    /** Get-Thing [[-Name] names]: one Test.Thing per name, Identity and Owner set. */
    static final class GetThing implements Cmdlet {
        @Override
        public String name() {
            return "Get-Thing";
        }

        @Override
        public List<Parameter> parameters() {
            return List.of(Parameter.named("Name").type(Parameter.Type.STRING).array()
                    .position(0).build());
        }

        @Override
        public void process(Invocation inv) {
            List<Object> names = inv.params().list("Name");
            for (Object n : names.isEmpty() ? List.<Object>of("one", "two") : names) {
                PsObject o = PsObject.of(THING);
                o.put("Identity", "SRV\\" + n);
                o.put("Name", n);
                o.put("Owner", "admin");
                o.put("Size", n.toString().length());
                inv.emit(o.text("SRV\\" + n));
            }
        }
    }

    /** Remove-Thing [-Identity] x: confirms by default, as Exchange's Remove- cmdlets. */
    static final class RemoveThing implements Cmdlet {
        final List<Object> removed = new ArrayList<>();

        @Override
        public String name() {
            return "Remove-Thing";
        }

        @Override
        public List<Parameter> parameters() {
            return List.of(Parameter.named("Identity").position(0).mandatory().build());
        }

        @Override
        public boolean supportsShouldProcess() {
            return true;
        }

        @Override
        public boolean confirmsByDefault() {
            return true;
        }

        @Override
        public void process(Invocation inv) {
            if (inv.shouldProcess("Removing thing \"" + inv.params().string("Identity")
                    + "\".")) {
                removed.add(inv.params().get("Identity"));
            }
        }
    }

    /** Break-Thing: a cmdlet with a bug. */
    static final class BreakThing implements Cmdlet {
        @Override
        public String name() {
            return "Break-Thing";
        }

        @Override
        public List<Parameter> parameters() {
            return List.of();
        }

        @Override
        public void process(Invocation inv) {
            Object missing = null;
            inv.emit(missing.toString());
        }
    }

    /** Get-Widget: an Exchange-style (remote) cmdlet that finds nothing. */
    static final class GetWidget implements Cmdlet {
        @Override
        public String name() {
            return "Get-Widget";
        }

        @Override
        public List<Parameter> parameters() {
            return List.of(Parameter.named("Identity").position(0).build());
        }

        @Override
        public boolean remote() {
            return true;
        }

        @Override
        public String implementingType() {
            return "Microsoft.Exchange.Management.SystemConfigurationTasks.GetWidget";
        }

        @Override
        public void process(Invocation inv) {
            inv.writeError(ShellError.notFound("The operation couldn't be performed because"
                    + " object '" + inv.params().string("Identity") + "' couldn't be found on"
                    + " 'dc01.contoso.com'."));
        }
    }
}
