package org.postern.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The generic cmdlets: filtering, projecting, sorting, measuring, writing, formatting. */
class BuiltinCmdletsTest {

    final ShellHarness sh = new ShellHarness();

    private static final String ACES = "$aces = @([pscustomobject]@{User='A'; Deny=$false;"
            + " IsInherited=$false}, [pscustomobject]@{User='B'; Deny=$true; IsInherited=$false},"
            + " [pscustomobject]@{User='C'; Deny=$false; IsInherited=$true},"
            + " [pscustomobject]@{User='D'; Deny=$false; IsInherited=$false})";

    @Test
    void whereObjectWithTheArticlesFilter() {
        sh.ok(ACES);
        assertThat(sh.ok("$aces | where {($_.Deny -eq $false) -and ($_.IsInherited -eq $false)}"
                + " | ForEach-Object User")).isEqualTo("A\nD\n");
    }

    @Test
    void whereObjectSimplifiedSyntax() {
        assertThat(sh.ok("Get-Thing one,two,three | ? Name -like 't*' | % Name"))
                .isEqualTo("two\nthree\n");
        assertThat(sh.ok("Get-Thing one,three | Where-Object Size -gt 3 | % Name"))
                .isEqualTo("three\n");
        assertThat(sh.ok("Get-Thing one,two | where Name -CEQ 'ONE' | % Name")).isEmpty();
        assertThat(sh.ok("Get-Thing one,two | where Name -EQ 'ONE' | % Name")).isEqualTo("one\n");
        sh.ok(ACES);
        assertThat(sh.ok("$aces | ? Deny | % User")).isEqualTo("B\n");
        assertThat(sh.ok("$aces | ? User -in 'B','C' | % User")).isEqualTo("B\nC\n");
        assertThat(sh.ok("[pscustomobject]@{v=1}, [pscustomobject]@{v='a'} | ? v -Is 'int'"
                + " | % v")).isEqualTo("1\n");
    }

    @Test
    void forEachObjectForms() {
        assertThat(sh.ok("1..3 | % { $_ * 2 }")).isEqualTo("2\n4\n6\n");
        assertThat(sh.ok("'a','b' | ForEach-Object ToUpper")).isEqualTo("A\nB\n");
        assertThat(sh.ok("1..3 | % -Begin { 'start' } -Process { $_ } -End { 'end' }"))
                .isEqualTo("start\n1\n2\n3\nend\n");
        assertThat(sh.ok("1..2 | % { 'b' } { $_ } { 'e' }")).isEqualTo("b\n1\n2\ne\n");
        assertThat(sh.ok("$t = 0; 1..4 | % { $t += $_ }; $t")).isEqualTo("10\n");
        assertThat(sh.ok("Get-Thing one | % { $_.Name, $_.Size }")).isEqualTo("one\n3\n");
    }

    @Test
    void selectObjectMakesSelectedObjects() {
        sh.ok("$s = Get-Thing one | Select-Object Name, @{n='Twice'; e={$_.Size * 2}},"
                + " @{Label='Who'; Expression='Owner'}, Missing");
        PsObject o = (PsObject) sh.value("$s");
        assertThat(o.typeNames()).containsExactly("Selected.Test.Thing",
                "System.Management.Automation.PSCustomObject", "System.Object");
        assertThat(o.propertyNames()).containsExactly("Name", "Twice", "Who", "Missing");
        assertThat(o.get("Twice")).isEqualTo(6);
        assertThat(o.get("Who")).isEqualTo("admin");
        assertThat(o.get("Missing")).isNull();
        assertThat(o.view()).isNull();
        assertThat(((PsObject) sh.value("Get-Thing one | select N*")).propertyNames())
                .containsExactly("Name");
    }

    @Test
    void selectObjectExpandFirstLastSkipUnique() {
        assertThat(sh.ok("Get-Thing a,b,c | select -ExpandProperty Name")).isEqualTo("a\nb\nc\n");
        assertThat(sh.ok("1..5 | select -First 2")).isEqualTo("1\n2\n");
        assertThat(sh.ok("1..5 | select -Last 2")).isEqualTo("4\n5\n");
        assertThat(sh.ok("1..5 | select -Skip 3")).isEqualTo("4\n5\n");
        assertThat(sh.ok("1,1,2,1 | select -Unique")).isEqualTo("1\n2\n");
        assertThat(sh.ok("@{a=1,2} | select -ExpandProperty a")).isEqualTo("1\n2\n");
        ExecutionResult r = sh.run("Get-Thing a | select -ExpandProperty Nope; 'next'");
        assertThat(r.stdout()).isEqualTo("next\n");
        assertThat(r.stderr()).startsWith("select : Property \"Nope\" cannot be found.\n");
        assertThat(r.stderr()).contains("InvalidArgument: (:) [Select-Object],"
                + " PSArgumentException").contains("ExpandPropertyNotFound,Microsoft.PowerShell"
                + ".Commands.SelectObjectCommand");
    }

    @Test
    void selectFirstStopsTheCommandsBeforeIt() {
        assertThat(sh.ok("$n = 0; 1..100000 | % { $n++; $_ } | select -First 3 | % { $_ }; $n"))
                .isEqualTo("1\n2\n3\n3\n");
    }

    @Test
    void sortObject() {
        assertThat(sh.ok("3,1,2 | sort")).isEqualTo("1\n2\n3\n");
        assertThat(sh.ok("3,1,2 | Sort-Object -Descending")).isEqualTo("3\n2\n1\n");
        assertThat(sh.ok("'b','A','a','c' | sort -Unique")).isEqualTo("A\nb\nc\n");
        assertThat(sh.ok("Get-Thing bb,a,ccc | sort Size -Descending | % Name"))
                .isEqualTo("ccc\nbb\na\n");
        assertThat(sh.ok("Get-Thing bb,a,ccc | sort @{Expression='Name'; Descending=$true}"
                + " | % Name")).isEqualTo("ccc\nbb\na\n");
        assertThat(sh.ok("10,9,100 | sort")).isEqualTo("9\n10\n100\n");
    }

    @Test
    void measureObjectPrintsAGenericMeasureInfoList() {
        assertThat(sh.ok("1,2,3 | Measure-Object -Sum")).isEqualTo("\n\n"
                + "Count    : 3\n"
                + "Average  : \n"
                + "Sum      : 6\n"
                + "Maximum  : \n"
                + "Minimum  : \n"
                + "Property : \n\n\n\n");
        assertThat(sh.value("(Get-Thing a,bbb | measure Size -Average -Maximum).Maximum"))
                .isEqualTo(3.0);
        assertThat(sh.value("(Get-Thing a,b | measure).Count")).isEqualTo(2);
        assertThat(sh.value("(@{a=1} | measure).Count")).isEqualTo(1);
    }

    @Test
    void groupObject() {
        sh.ok("$g = 'a','b','A' | Group-Object");
        assertThat(sh.value("$g.Count")).isEqualTo(2);
        assertThat(sh.value("$g[0].Count")).isEqualTo(2);
        assertThat(sh.value("$g[0].Name")).isEqualTo("a");
    }

    @Test
    void writeCmdlets() {
        assertThat(sh.ok("Write-Output 1,2 3")).isEqualTo("1\n2\n3\n");
        assertThat(sh.ok("Write-Host a b -Separator ','")).isEqualTo("a,b\n");
        assertThat(sh.ok("Write-Host -NoNewline 'x'; Write-Host 'y'")).isEqualTo("xy\n");
        assertThat(sh.ok("Write-Verbose 'v'")).isEmpty();
        assertThat(sh.ok("Write-Verbose 'v' -Verbose")).isEqualTo("VERBOSE: v\n");
    }

    @Test
    void outCmdlets() {
        assertThat(sh.ok("Get-Thing a | Out-Null")).isEmpty();
        Object text = sh.value("Get-Thing a | Select-Object Name | Out-String");
        assertThat(text).isEqualTo("\nName\n----\na   \n\n\n");
        assertThat(sh.value("(1,2 | Out-String -Stream)")).isEqualTo(List.of("1", "2"));
    }

    @Test
    void formatCmdletsPrintTheFormattersText() {
        String list = sh.ok("Get-Thing a | Format-List Name,Size");
        assertThat(list).isEqualTo("\n\nName : a\nSize : 1\n\n\n\n");
        String table = sh.ok("Get-Thing a,bb | ft Name,Size -AutoSize");
        assertThat(table).isEqualTo("\nName Size\n---- ----\na       1\nbb      2\n\n\n");
        assertThat(sh.ok("Get-Thing a | list Name")).isEqualTo(list.replace("Size : 1\n", "")
                .replace("Name : a", "Name : a"));
        assertThat(sh.ok("@() | Format-List")).isEmpty();
    }

    @Test
    void outputOfSeveralStatementsIsOneStream() {
        assertThat(sh.ok("'a'; 1; $true")).isEqualTo("a\n1\nTrue\n");
    }

    @Test
    void getCommandListsCommandsAndAliases() {
        String out = sh.ok("Get-Command *-Object");
        assertThat(out).contains("Where-Object").contains("ForEach-Object")
                .contains("Select-Object").contains("Microsoft.PowerShell.Core");
        assertThat(sh.ok("Get-Command -Noun Thing")).contains("Get-Thing").contains("Set-Thing");
        assertThat(sh.ok("(Get-Command ft).Name")).isEqualTo("ft -> Format-Table\n");
        assertThat(sh.fails("Get-Command Nope-Nope")).contains("The term 'Nope-Nope' is not"
                + " recognized");
    }
}
