package org.postern.manage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.postern.config.ConfigRepository;
import org.postern.shell.BoundParameters;
import org.postern.shell.Cmdlet;
import org.postern.shell.Invocation;
import org.postern.shell.ShellError;

/**
 * Runs one registered cmdlet with already-bound parameter values, as the shell engine would after
 * parsing and binding, and records what it wrote. Lets the cmdlets' own logic be tested without
 * the language engine; {@link ScriptCmdletTest} covers the same cmdlets through scripts.
 */
final class DirectRun implements Invocation {

    final List<Object> output = new ArrayList<>();
    final List<ShellError> errors = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    final List<String> whatIf = new ArrayList<>();
    private final Map<String, Object> bound = new LinkedHashMap<>();
    private final boolean whatIfMode;

    private DirectRun(boolean whatIfMode) {
        this.whatIfMode = whatIfMode;
    }

    /**
     * Runs {@code name} with {@code namesAndValues} (name, value, name, value, ...).
     *
     * @throws ShellError when the cmdlet stops with a terminating error
     */
    static DirectRun run(ConfigRepository repo, String name, Object... namesAndValues) {
        return run(false, repo, name, namesAndValues);
    }

    static DirectRun whatIf(ConfigRepository repo, String name, Object... namesAndValues) {
        return run(true, repo, name, namesAndValues);
    }

    private static DirectRun run(boolean whatIf, ConfigRepository repo, String name,
            Object... namesAndValues) {
        Cmdlet cmdlet = ManagementShell.registry(repo).find(name)
                .orElseThrow(() -> new AssertionError("no cmdlet " + name));
        DirectRun r = new DirectRun(whatIf);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String given = (String) namesAndValues[i];
            boolean declared = cmdlet.parameters().stream()
                    .anyMatch(p -> p.name().equalsIgnoreCase(given));
            if (!declared) {
                throw new AssertionError(name + " declares no parameter " + given);
            }
            r.bound.put(given.toLowerCase(Locale.ROOT), namesAndValues[i + 1]);
        }
        cmdlet.process(r);
        return r;
    }

    @Override
    public BoundParameters params() {
        return new BoundParameters() {
            @Override
            public boolean has(String name) {
                return bound.containsKey(name.toLowerCase(Locale.ROOT));
            }

            @Override
            public Object get(String name) {
                return bound.get(name.toLowerCase(Locale.ROOT));
            }

            @Override
            public String string(String name) {
                Object v = get(name);
                return v == null ? null : v.toString();
            }

            @Override
            public boolean bool(String name) {
                return Boolean.TRUE.equals(get(name));
            }

            @Override
            public List<Object> list(String name) {
                Object v = get(name);
                if (v == null) {
                    return List.of();
                }
                return v instanceof List ? new ArrayList<>((List<?>) v) : List.of(v);
            }
        };
    }

    @Override
    public Object input() {
        return null;
    }

    @Override
    public void emit(Object value) {
        output.add(value);
    }

    @Override
    public void writeError(ShellError error) {
        errors.add(error);
    }

    @Override
    public void writeWarning(String text) {
        warnings.add(text);
    }

    @Override
    public boolean shouldProcess(String action) {
        if (whatIfMode) {
            whatIf.add(action);
            return false;
        }
        return true;
    }
}
