package org.postern.shell;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Errors and streams (section 4): layouts, non-terminating and terminating, preferences. */
class ErrorsTest {

    final ShellHarness sh = new ShellHarness();

    @Test
    void anUnknownCommandPrintsTheBlockOfTheNotes() {
        ExecutionResult r = sh.run("Foo-Bar");
        assertThat(r.success()).isFalse();
        assertThat(r.stdout()).isEmpty();
        // The block of section 4.1, and the line with one space every exception message ends
        // with (rule 7).
        assertThat(r.stderr()).isEqualTo("Foo-Bar : The term 'Foo-Bar' is not recognized as the"
                + " name of a cmdlet, function, script file, or operable program.\n"
                + "Check the spelling of the name, or if a path was included, verify that the path"
                + " is correct and try again.\n"
                + "At line:1 char:1\n"
                + "+ Foo-Bar\n"
                + "+ ~~~~~~~\n"
                + "    + CategoryInfo          : ObjectNotFound: (Foo-Bar:String) [], "
                + "CommandNotFoundException\n"
                + "    + FullyQualifiedErrorId : CommandNotFoundException\n"
                + " \n");
    }

    @Test
    void theUnknownCommandMarksOnlyItsName() {
        assertThat(sh.fails("Write-Output x | Foo-Bar -x 1")).contains("At line:1 char:18\n"
                + "+ Write-Output x | Foo-Bar -x 1\n"
                + "+                  ~~~~~~~\n");
    }

    @Test
    void aCommandNameWithoutVerbIsTriedWithGet() {
        assertThat(sh.ok("Thing one | ForEach-Object Name")).isEqualTo("one\n");
    }

    @Test
    void exchangeErrorsPrintAsRemoteRecords() {
        ExecutionResult r = sh.run("Get-Widget 'Relay'");
        assertThat(r.success()).isFalse();
        assertThat(r.stderr()).matches("The operation couldn't be performed because object"
                + " 'Relay' couldn't be found on 'dc01.contoso.com'.\n"
                + "    \\+ CategoryInfo          : NotSpecified: \\(:\\) \\[Get-Widget\\],"
                + " ManagementObjectNotFoundException\n"
                + "    \\+ FullyQualifiedErrorId : \\[Server=EX01,RequestId=[0-9a-f-]{36},"
                + "TimeStamp=\\d{1,2}/\\d{1,2}/\\d{4} [^\\n]*\n"
                + "(   |  )[^\\n]*\n(  [^\\n]*\n)?"
                + "    \\+ PSComputerName        : ex01.contoso.com\n \n");
        String fqid = r.stderr().replaceAll("\n +", "");
        assertThat(fqid).containsPattern("\\[FailureCategory=Cmdlet-"
                + "ManagementObjectNotFoundException\\] [0-9A-F]{8},Microsoft\\.Exchange"
                + "\\.Management\\.SystemConfigurationTasks\\.GetWidget");
    }

    @Test
    void longInfoLinesWrapAsTheObservedExchangeSample() {
        String text = ErrorView.infoLine("FullyQualifiedErrorId", "[Server=SIVERMAIL,RequestId="
                + "d8e96c8b-bd5f-4522-88e3-b1c13c069c41,TimeStamp=9/9/2022 3:17:40 PM]"
                + " [FailureCategory=Cmdlet-ManagementObjectNotFoundException] E3DE7D95,"
                + "Microsoft.Exchange.Management.RecipientTasks.GetMailbox", 119);
        assertThat(text).isEqualTo("    + FullyQualifiedErrorId : [Server=SIVERMAIL,RequestId="
                + "d8e96c8b-bd5f-4522-88e3-b1c13c069c41,TimeStamp=9/9/2022 3:17\n"
                + "   :40 PM] [FailureCategory=Cmdlet-ManagementObjectNotFoundException] E3DE7D95,"
                + "Microsoft.Exchange.Management.Recipien\n"
                + "  tTasks.GetMailbox\n");
    }

    @Test
    void categoryInfoPartsAreEllipsised() {
        assertThat(ErrorView.ellipsise("ParameterBindingArgumentTransformationException"))
                .isEqualTo("ParameterBindin...mationException");
        assertThat(ErrorView.ellipsise("ManagementObjectNotFoundException"))
                .isEqualTo("ManagementObjectNotFoundException");
    }

    @Test
    void aNonTerminatingErrorLetsTheScriptGoOn() {
        ExecutionResult r = sh.run("Get-Widget a; $?; 'next'");
        assertThat(r.stdout()).isEqualTo("False\nnext\n");
        assertThat(r.success()).isFalse();
        assertThat(r.stderr()).startsWith("The operation couldn't be performed");
    }

    @Test
    void silentlyContinueHidesTheErrorAndRecordsIt() {
        ExecutionResult r = sh.run("Get-Widget a -ErrorAction SilentlyContinue; $?;"
                + " $Error[0].Exception.Message");
        assertThat(r.stderr()).isEmpty();
        assertThat(r.success()).isTrue();
        assertThat(r.stdout()).isEqualTo("False\nThe operation couldn't be performed because"
                + " object 'a' couldn't be found on 'dc01.contoso.com'.\n");
    }

    @Test
    void errorActionStopEndsTheStatementOnly() {
        ExecutionResult r = sh.run("Get-Widget a -ea Stop; 'next'");
        assertThat(r.stdout()).isEqualTo("next\n");
        assertThat(r.stderr()).startsWith("The operation couldn't be performed");
    }

    @Test
    void thePreferenceVariableStopEndsTheScriptWithThePrefixedMessage() {
        ExecutionResult r = sh.run("$ErrorActionPreference = 'Stop'; Get-Widget a; 'not here'");
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).startsWith("The running command stopped because the preference"
                + " variable \"ErrorActionPreference\" or common parameter is set to Stop: The"
                + " operation couldn't be performed");
    }

    @Test
    void errorVariableCollectsTheErrors() {
        assertThat(sh.ok("Get-Widget a -ErrorVariable ev -ErrorAction SilentlyContinue;"
                + " $ev.Count; Get-Widget b -ev +ev -ea 0; $ev.Count")).isEqualTo("1\n2\n");
    }

    @Test
    void writeErrorBelongsToTheScript() {
        ExecutionResult r = sh.run("Write-Error -Message 'Test Error' ; Write-Host 'Hello World'");
        assertThat(r.stdout()).isEqualTo("Hello World\n");
        assertThat(r.stderr()).isEqualTo("Write-Error -Message 'Test Error' ; Write-Host 'Hello"
                + " World' : Test Error\n"
                + "At line:1 char:1\n"
                + "+ Write-Error -Message 'Test Error' ; Write-Host 'Hello World'\n"
                + "+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
                + "    + CategoryInfo          : NotSpecified: (:) [Write-Error], "
                + "WriteErrorException\n"
                + "    + FullyQualifiedErrorId : "
                + "Microsoft.PowerShell.Commands.WriteErrorException\n"
                + " \n");
    }

    @Test
    void warningsGoToStdoutUnlessSilenced() {
        assertThat(sh.ok("Write-Warning 'careful'")).isEqualTo("WARNING: careful\n");
        assertThat(sh.ok("Write-Warning 'careful' -WarningAction SilentlyContinue")).isEmpty();
        assertThat(sh.ok("$WarningPreference = 'SilentlyContinue'; Write-Warning 'x'")).isEmpty();
    }

    @Test
    void throwEndsTheScript() {
        ExecutionResult r = sh.run("throw 'bad thing'; 'not here'");
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).isEqualTo("bad thing\n"
                + "At line:1 char:1\n"
                + "+ throw 'bad thing'; 'not here'\n"
                + "+ ~~~~~~~~~~~~~~~~~\n"
                + "    + CategoryInfo          : OperationStopped: (bad thing:String) [], "
                + "RuntimeException\n"
                + "    + FullyQualifiedErrorId : bad thing\n"
                + " \n");
    }

    @Test
    void aRuntimeErrorMarksItsExpressionAndTheNextStatementRuns() {
        ExecutionResult r = sh.run("$s = 'abc'; $s.Foo(); 'next'");
        assertThat(r.stdout()).isEqualTo("next\n");
        assertThat(r.stderr()).isEqualTo("Method invocation failed because [System.String] does"
                + " not contain a method named 'Foo'.\n"
                + "At line:1 char:13\n"
                + "+ $s = 'abc'; $s.Foo(); 'next'\n"
                + "+             ~~~~~~~~\n"
                + "    + CategoryInfo          : InvalidOperation: (:) [], RuntimeException\n"
                + "    + FullyQualifiedErrorId : MethodNotFound\n"
                + " \n");
    }

    @Test
    void errorsInsideAScriptBlockEndOnlyTheirStatement() {
        ExecutionResult r = sh.run("1..2 | ForEach-Object { 1/0; \"after $_\" }");
        assertThat(r.stdout()).isEqualTo("after 1\nafter 2\n");
        assertThat(r.stderr().split("Attempted to divide by zero.", -1)).hasSize(3);
    }

    @Test
    void anErrorRecordInTheOutputPrintsAsAnError() {
        ExecutionResult r = sh.run("Get-Widget a -ea 0; $Error[0]");
        assertThat(r.stderr()).isEmpty();
        assertThat(r.stdout()).startsWith("The operation couldn't be performed");
    }

    @Test
    void aFaultInACmdletIsOneClearRecordAndTheScriptGoesOn() {
        ExecutionResult r = sh.run("Break-Thing; 'next'");
        assertThat(r.success()).isFalse();
        assertThat(r.stdout()).isEqualTo("next\n");
        assertThat(r.stderr()).startsWith("Break-Thing : The command Break-Thing failed inside"
                + " Postern (NullPointerException").contains("InternalError,");
    }

    @Test
    void deepNestingIsAnErrorNotACrash() {
        String deep = "(".repeat(20000) + "1" + ")".repeat(20000);
        ExecutionResult r = sh.run(deep);
        assertThat(r.success()).isFalse();
        assertThat(r.stderr()).isNotEmpty();
    }

    @Test
    void readOnlyVariables() {
        assertThat(sh.fails("$true = 1")).contains("Cannot overwrite variable true because it"
                + " is read-only or constant.");
    }

    @Test
    void unsupportedKeywordsSaySo() {
        assertThat(sh.fails("switch (1) { 1 { 'one' } }")).contains("The 'switch' keyword is"
                + " not supported by Postern's management shell.");
    }

    @Test
    void aLoopThatDoesNotEndIsStoppedWithAnError() {
        ExecutionResult r = sh.run("$n = 0; while ($true) { $n++ }; \"after: $n\"");
        assertThat(r.success()).isFalse();
        assertThat(r.stderr()).contains("The loop ran 1000000 times");
        assertThat(r.stdout()).isEmpty();
        assertThat(sh.ok("$n")).isEqualTo("1000000\n");
    }
}
