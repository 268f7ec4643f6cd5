package org.postern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The interactive shell's lexical view: continuation lines and the word at the cursor. */
class ShellInputTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "Get-ReceiveConnector |",
        "Get-ReceiveConnector |   ",
        "Get-ReceiveConnector | # pipe on",
        "Set-ReceiveConnector Relay -RemoteIPRanges 10.0.0.1,",
        "Set-ReceiveConnector Relay `",
        "Get-ReceiveConnector | Where-Object {",
        "Get-ReceiveConnector | Where-Object { $_.Name -like 'Def*'",
        "$x = (Get-ReceiveConnector",
        "$a = @(",
        "Write-Output 'it''s open",
        "Write-Output \"open $(Get-Date",
        "Write-Output \"open",
        "$h = @'\nfirst line",
        "<# a block comment",
        "Get-ReceiveConnector |\nWhere-Object {\n$_.Enabled",
        "Set-ReceiveConnector Relay -Bindings [::]:25,",
    })
    void theseGoOnOnTheNextLine(String text) {
        assertThat(ShellInput.continues(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Get-ReceiveConnector",
        "Get-ReceiveConnector | Format-List Name,Bindings",
        "Write-Output 'it''s closed'",
        "Write-Output \"a `\" quote\"",
        "Write-Output \"a \"\"doubled\"\" quote\"",
        "Set-ReceiveConnector Relay -Bindings [::]:25",
        "Write-Output a#b",
        "Get-ReceiveConnector # Set-X |",
        "Write-Output 'a' ` ",
        "$h = @'\nfirst line\n'@",
        "<# closed #> Get-ReceiveConnector",
        "Get-ReceiveConnector |\nFormat-List",
        "Get-ReceiveConnector |\n",
        "Get-ReceiveConnector )",
        "Write-Output \"$(Get-Date) done\"",
    })
    void theseAreComplete(String text) {
        assertThat(ShellInput.continues(text)).isFalse();
    }

    @Test
    void theFirstWordIsTheCommand() {
        ShellInput.Word w = ShellInput.wordAt("Get-Rec");
        assertThat(w.isCommand()).isTrue();
        assertThat(w.start()).isZero();
        assertThat(w.prefix()).isEqualTo("Get-Rec");
        ShellInput.Word piped = ShellInput.wordAt("Get-ReceiveConnector | Set-Rec");
        assertThat(piped.isCommand()).isTrue();
        assertThat(piped.start()).isEqualTo(23);
    }

    @Test
    void aDashWordIsAParameterOfTheCommandOfItsElement() {
        ShellInput.Word w = ShellInput.wordAt("Get-ReceiveConnector Relay | Set-ReceiveConnector"
                + " -Perm");
        assertThat(w.isParameter()).isTrue();
        assertThat(w.prefix()).isEqualTo("Perm");
        assertThat(w.previous()).containsExactly("Set-ReceiveConnector");
    }

    @Test
    void argumentsKeepTheWordsBeforeThemAndTheirQuote() {
        ShellInput.Word w = ShellInput.wordAt("Set-ReceiveConnector -Identity 'Def");
        assertThat(w.isParameter()).isFalse();
        assertThat(w.quote()).isEqualTo('\'');
        assertThat(w.prefix()).isEqualTo("Def");
        assertThat(w.start()).isEqualTo(31);
        assertThat(w.previous()).containsExactly("Set-ReceiveConnector", "-Identity");

        ShellInput.Word empty = ShellInput.wordAt("Get-ReceiveConnector 'Default EX01' ");
        assertThat(empty.text()).isEmpty();
        assertThat(empty.previous()).containsExactly("Get-ReceiveConnector", "'Default EX01'");
    }

    @Test
    void anArrayGoesOnAfterAComma() {
        ShellInput.Word w = ShellInput.wordAt("Set-ReceiveConnector R -RemoteIPRanges 10.0.0.1,1");
        assertThat(w.previous()).containsExactly("Set-ReceiveConnector", "R",
                "-RemoteIPRanges", "10.0.0.1,");
        assertThat(w.text()).isEqualTo("1");
    }

    @Test
    void aParenthesisedArgumentIsOneWordAndTheCommandSurvivesIt() {
        ShellInput.Word w = ShellInput.wordAt("Set-ReceiveConnector (Get-ReceiveConnector R).Name"
                + " -Ban");
        assertThat(w.previous()).containsExactly("Set-ReceiveConnector", "(...).Name");
        assertThat(w.isParameter()).isTrue();
        ShellInput.Word inner = ShellInput.wordAt("$x = (Get-Rec");
        assertThat(inner.isCommand()).isTrue();
        assertThat(inner.previous()).isEqualTo(List.of());
    }

    @Test
    void completionsAreQuotedWhenTheyWouldEndAnArgument() {
        assertThat(ShellInput.quoteForArgument("Relay", (char) 0)).isEqualTo("Relay");
        assertThat(ShellInput.quoteForArgument("Default Frontend EX01", (char) 0))
                .isEqualTo("'Default Frontend EX01'");
        assertThat(ShellInput.quoteForArgument("O'Brien Relay", (char) 0))
                .isEqualTo("'O''Brien Relay'");
        assertThat(ShellInput.quoteForArgument("Default EX01", '"'))
                .isEqualTo("\"Default EX01\"");
        assertThat(ShellInput.quoteForArgument("$cost", '"')).isEqualTo("\"`$cost\"");
        assertThat(ShellInput.quoteForArgument("NT AUTHORITY\\ANONYMOUS LOGON", '\''))
                .isEqualTo("'NT AUTHORITY\\ANONYMOUS LOGON'");
        assertThat(ShellInput.quoteForArgument("$true", (char) 0)).isEqualTo("$true");
        assertThat(ShellInput.quoteForArgument("$cost", (char) 0)).isEqualTo("'$cost'");
    }
    @Test
    void statementsThatSpeakOfSecretsAreNotKeptInTheHistory() {
        assertThat(InteractiveShell.keptInHistory("Set-Mailbox kim -Password"
                + " (ConvertTo-SecureString 'x' -AsPlainText -Force)")).isFalse();
        assertThat(InteractiveShell.keptInHistory("$pw = convertto-securestring 'x'"
                + " -asplaintext -force")).isFalse();
        assertThat(InteractiveShell.keptInHistory("Get-Mailbox | Format-List")).isTrue();
    }
}
