package org.postern.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Parameter binding (sections 1.7 and 1.8), on the test cmdlet Set-Thing. */
class BindingTest {

    final ShellHarness sh = new ShellHarness();

    @Test
    void namedParametersWithSpaceOrColon() {
        sh.ok("Set-Thing -Identity A -Comment x");
        assertThat(sh.setThing.last().get("Identity")).isEqualTo("A");
        assertThat(sh.setThing.last().get("Comment")).isEqualTo("x");
        sh.ok("Set-Thing -Identity:B -Enabled: $false");
        assertThat(sh.setThing.last().get("Identity")).isEqualTo("B");
        assertThat(sh.setThing.last().get("Enabled")).isEqualTo(false);
    }

    @Test
    void namesIgnoreCaseAndUniquePrefixesAndAliasesBind() {
        sh.ok("set-thing A -comm hello");
        assertThat(sh.setThing.last().get("Comment")).isEqualTo("hello");
        sh.ok("Set-Thing A -NOTE:x");
        assertThat(sh.setThing.last().get("Comment")).isEqualTo("x");
        assertThat(sh.fails("Set-Thing A -Comm a -Note b")).contains("Cannot bind parameter"
                + " because parameter 'Comment' is specified more than once.");
        sh.ok("Set-Thing A -Ta a,b");
        assertThat(sh.setThing.last().get("Tags")).isEqualTo(List.of("a", "b"));
    }

    @Test
    void anAmbiguousPrefixListsTheCandidatesInDeclarationOrder() {
        String err = sh.fails("Set-Thing A -Max 5");
        assertThat(err).isEqualTo("Set-Thing : Parameter cannot be processed because the"
                + " parameter name 'Max' is ambiguous. Possible matches include: -MaxSize"
                + " -MaxCount -MaxHopCount.\n"
                + "At line:1 char:13\n"
                + "+ Set-Thing A -Max 5\n"
                + "+             ~~~~\n"
                + "    + CategoryInfo          : InvalidArgument: (:) [Set-Thing], "
                + "ParameterBindingException\n"
                + "    + FullyQualifiedErrorId : "
                + "AmbiguousParameter,Microsoft.PowerShell.Commands.SetThingCommand\n"
                + " \n");
    }

    @Test
    void commonParametersAreCandidatesButTheCommandsOwnParameterWinsATie() {
        sh.ok("Set-Thing A -e $true");
        assertThat(sh.setThing.last().get("Enabled")).isEqualTo(true);
        assertThat(sh.fails("Set-Thing A -Warning Stop")).contains("Possible matches include:"
                + " -WarningAction -WarningVariable.");
        assertThat(sh.fails("Set-Thing A -M 1")).contains("Possible matches include: -MaxSize"
                + " -MaxCount -MaxHopCount.");
        sh.ok("Set-Thing A -wa SilentlyContinue -ea Stop -Verb");
    }

    @Test
    void anUnknownParameterIsNamed() {
        assertThat(sh.fails("Set-Thing A -Foo 1")).startsWith("Set-Thing : A parameter cannot"
                + " be found that matches parameter name 'Foo'.\nAt line:1 char:13\n"
                + "+ Set-Thing A -Foo 1\n+             ~~~~\n");
    }

    @Test
    void aMissingValueNamesTheParameterAndItsType() {
        assertThat(sh.fails("Set-Thing A -Comment")).contains("Missing an argument for"
                + " parameter 'Comment'. Specify a parameter of type 'System.String' and try"
                + " again.").contains("MissingArgument,");
        assertThat(sh.fails("Set-Thing A -Comment -Force")).contains("Missing an argument for"
                + " parameter 'Comment'.");
    }

    @Test
    void aSwitchTakesAValueOnlyWithTheColon() {
        sh.ok("Set-Thing A -Force");
        assertThat(sh.setThing.last().get("Force")).isEqualTo(true);
        sh.ok("Set-Thing A -Force:$false");
        assertThat(sh.setThing.last().get("Force")).isEqualTo(false);
        assertThat(sh.fails("Set-Thing A -Force $false")).contains("A positional parameter"
                + " cannot be found that accepts argument 'False'.");
    }

    @Test
    void booleanParametersTakeBooleansAndNumbersButNotStrings() {
        sh.ok("Set-Thing A -Enabled $false");
        assertThat(sh.setThing.last().get("Enabled")).isEqualTo(false);
        sh.ok("Set-Thing A -Enabled 1");
        assertThat(sh.setThing.last().get("Enabled")).isEqualTo(true);
        String err = sh.fails("Set-Thing A -Enabled False");
        assertThat(err).startsWith("Set-Thing : Cannot process argument transformation on"
                + " parameter 'Enabled'. Cannot convert value \"System.String\" to type"
                + " \"System.Boolean\". Boolean parameters accept only Boolean values and"
                + " numbers, such as $True, $False, 1 or 0.\nAt line:1 char:22\n"
                + "+ Set-Thing A -Enabled False\n+                      ~~~~~\n");
        assertThat(err).contains("InvalidData: (:) [Set-Thing], ParameterBindin...mationException");
    }

    @Test
    void intParametersConvert() {
        sh.ok("Set-Thing A -MaxCount '12'");
        assertThat(sh.setThing.last().get("MaxCount")).isEqualTo(12);
        assertThat(sh.fails("Set-Thing A -MaxCount abc")).contains("Cannot bind parameter"
                + " 'MaxCount'. Cannot convert value \"abc\" to type \"System.Int32\". Error:"
                + " \"Input string was not in a correct format.\"");
    }

    @Test
    void positionalArgumentsAndTheLeftOverError() {
        sh.ok("Set-Thing 'Contoso Receive Connector'");
        assertThat(sh.setThing.last().get("Identity")).isEqualTo("Contoso Receive Connector");
        String err = sh.fails("Set-Thing -Identity Contoso Receive Connector");
        assertThat(err).isEqualTo("Set-Thing : A positional parameter cannot be found that"
                + " accepts argument 'Receive'.\n"
                + "At line:1 char:1\n"
                + "+ Set-Thing -Identity Contoso Receive Connector\n"
                + "+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
                + "    + CategoryInfo          : InvalidArgument: (:) [Set-Thing], "
                + "ParameterBindingException\n"
                + "    + FullyQualifiedErrorId : "
                + "PositionalParameterNotFound,Microsoft.PowerShell.Commands.SetThingCommand\n"
                + " \n");
    }

    @Test
    void remainingArguments() {
        sh.ok("Record-Value a b c");
        assertThat(sh.recorder.value()).isEqualTo("a");
        assertThat(sh.recorder.rest()).isEqualTo(List.of("b", "c"));
        assertThat(sh.ok("Write-Output a b c")).isEqualTo("a\nb\nc\n");
    }

    @Test
    void mandatoryParametersMustBeGiven() {
        assertThat(sh.fails("Set-Thing -Comment x")).contains("Cannot process command because"
                + " of one or more missing mandatory parameters: Identity.")
                .contains("MissingMandatoryParameter,");
    }

    @Test
    void endOfParametersMakesDashedWordsValues() {
        sh.ok("Set-Thing -- -odd");
        assertThat(sh.setThing.last().get("Identity")).isEqualTo("-odd");
    }

    @Test
    void splattingAHashtableAndAnArray() {
        sh.ok("$p = @{Identity='X'; Enabled=$false; Force=$true}; Set-Thing @p");
        assertThat(sh.setThing.last().get("Identity")).isEqualTo("X");
        assertThat(sh.setThing.last().get("Enabled")).isEqualTo(false);
        assertThat(sh.setThing.last().get("Force")).isEqualTo(true);
        sh.ok("$a = 'Y'; Set-Thing @a -Comment c");
        assertThat(sh.setThing.last().get("Identity")).isEqualTo("Y");
    }

    @Test
    void thePipedObjectBindsToIdentityByValue() {
        sh.ok("Get-Thing one | Set-Thing -Comment piped");
        Object id = sh.setThing.last().get("Identity");
        assertThat(id).isInstanceOf(PsObject.class);
        assertThat(((PsObject) id).get("Name")).isEqualTo("one");
        assertThat(sh.setThing.last().get("Owner")).isEqualTo("admin");
        assertThat(sh.setThing.inputs).containsExactly(id);
    }

    @Test
    void eachPipedObjectIsBoundAfresh() {
        assertThat(sh.ok("Get-Thing a,b | Set-Thing")).isEqualTo("set SRV\\a\nset SRV\\b\n");
    }

    @Test
    void aStringBindsByValueWithConversion() {
        sh.ok("'plain' | Set-Thing");
        assertThat(sh.setThing.last().get("Identity")).isEqualTo("plain");
    }

    @Test
    void otherObjectsBindByPropertyName() {
        sh.ok("[pscustomobject]@{Identity='byname'; Owner='o'} | Set-Thing");
        assertThat(sh.setThing.last().get("Identity")).isEqualTo("byname");
        assertThat(sh.setThing.last().get("Owner")).isEqualTo("o");
    }

    @Test
    void anObjectThatBindsNowhereIsANonTerminatingError() {
        ExecutionResult r = sh.run("1,2 | Set-Thing X; 'next'");
        assertThat(r.success()).isFalse();
        assertThat(r.stdout()).isEqualTo("next\n");
        assertThat(r.stderr()).startsWith("Set-Thing : The input object cannot be bound to any"
                + " parameters for the command either because the command does not take"
                + " pipeline input or the input and its properties do not match any of the"
                + " parameters that take pipeline input.\n");
        assertThat(r.stderr()).contains("InvalidArgument: (1:Int32) [Set-Thing],"
                + " ParameterBindingException");
        assertThat(r.stderr().split("InputObjectNotBound", -1)).hasSize(3);
        assertThat(sh.fails("Get-Thing a | Get-Command")).contains("InvalidArgument:"
                + " (SRV\\a:PSObject) [Get-Command], ParameterBindingException");
    }

    @Test
    void whatIfPrintsAndSkips() {
        assertThat(sh.ok("Set-Thing A -WhatIf")).isEqualTo("What if: Setting thing \"A\".\n");
        assertThat(sh.ok("Set-Thing A -WhatIf:$false")).isEqualTo("set A\n");
    }

    @Test
    void anExplicitConfirmCannotBeAnsweredWithoutAConsole() {
        ExecutionResult r = sh.run("Set-Thing A -Confirm");
        assertThat(r.success()).isFalse();
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).contains("no console").contains("Setting thing \"A\".");
        assertThat(sh.ok("Set-Thing A -Confirm:$false")).isEqualTo("set A\n");
    }

    @Test
    void aConfirmationEmsAsksByDefaultIsAnsweredYesWithoutAConsole() {
        assertThat(sh.ok("Remove-Thing A")).isEmpty();
        assertThat(sh.ok("Remove-Thing B -Confirm:$false")).isEmpty();
        assertThat(sh.ok("Remove-Thing C -WhatIf")).isEqualTo("What if: Removing thing \"C\".\n");
        sh.fails("Remove-Thing D -Confirm");
        assertThat(sh.removeThing.removed).containsExactly("A", "B");
    }

    @Test
    void whatIfIsNotAParameterOfCommandsWithoutShouldProcess() {
        assertThat(sh.fails("Get-Thing -WhatIf")).contains("A parameter cannot be found that"
                + " matches parameter name 'WhatIf'.");
    }
}
