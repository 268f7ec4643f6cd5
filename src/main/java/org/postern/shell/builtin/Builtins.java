package org.postern.shell.builtin;

import org.postern.shell.CommandRegistry;

/** Registers the generic PowerShell cmdlets of the shell and the aliases EMS has. */
public final class Builtins {

    private Builtins() {
    }

    public static void registerAll(CommandRegistry r) {
        r.register(new WhereObject());
        r.register(new ForEachObject());
        r.register(new SelectObject());
        r.register(new SortObject());
        r.register(new MeasureObject());
        r.register(new GroupObject());
        r.register(new WriteCmdlets.Output());
        r.register(new WriteCmdlets.Host());
        r.register(new WriteCmdlets.Warning());
        r.register(new WriteCmdlets.Error());
        r.register(new WriteCmdlets.Verbose());
        r.register(new OutCmdlets.Default("Out-Default"));
        r.register(new OutCmdlets.Default("Out-Host"));
        r.register(new OutCmdlets.Null());
        r.register(new OutCmdlets.Str());
        r.register(new FormatCmdlets.FormatList());
        r.register(new FormatCmdlets.FormatTable());
        r.register(new GetCommand());
        r.register(new ConvertToSecureString());
        // Aliases of 5.1, and list and table, which EMS adds.
        r.alias("?", "Where-Object").alias("where", "Where-Object")
                .alias("%", "ForEach-Object").alias("foreach", "ForEach-Object")
                .alias("select", "Select-Object").alias("sort", "Sort-Object")
                .alias("measure", "Measure-Object").alias("group", "Group-Object")
                .alias("fl", "Format-List").alias("ft", "Format-Table")
                .alias("list", "Format-List").alias("table", "Format-Table")
                .alias("echo", "Write-Output").alias("write", "Write-Output")
                .alias("gcm", "Get-Command").alias("oh", "Out-Host");
    }
}
