package org.postern.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandParserTest {

    @Test
    void verbIsUpperCasedAndArgumentKept() {
        CommandParser.Command c = CommandParser.parse("mail FROM:<a@b.example> SIZE=1");
        assertThat(c.verb()).isEqualTo("MAIL");
        assertThat(c.argument()).isEqualTo("FROM:<a@b.example> SIZE=1");
        assertThat(CommandParser.parse("QUIT").hasArgument()).isFalse();
        assertThat(CommandParser.parse("NOOP oops").hasArgument()).isTrue();
    }

    @Test
    void pathWithBracketsAndParameters() throws Exception {
        CommandParser.PathArgument p =
                CommandParser.splitPath("FROM:<alice@example.com> SIZE=100 BODY=8BITMIME", "FROM:");
        assertThat(p.path()).isEqualTo("alice@example.com");
        assertThat(p.parameters()).isEqualTo("SIZE=100 BODY=8BITMIME");
        assertThat(p.bracketed()).isTrue();
    }

    @Test
    void keywordIsCaseInsensitiveAndSpaceAfterColonTolerated() throws Exception {
        assertThat(CommandParser.splitPath("from: <a@b.example>", "FROM:").path())
                .isEqualTo("a@b.example");
    }

    @Test
    void nullPathIsEmpty() throws Exception {
        CommandParser.PathArgument p = CommandParser.splitPath("FROM:<>", "FROM:");
        assertThat(p.path()).isEmpty();
        assertThat(p.bracketed()).isTrue();
    }

    @Test
    void bareAddressAsInTheArticleIsAcceptedAlone() throws Exception {
        CommandParser.PathArgument p = CommandParser.splitPath("FROM:chris@contoso.com", "FROM:");
        assertThat(p.path()).isEqualTo("chris@contoso.com");
        assertThat(p.bracketed()).isFalse();
    }

    @Test
    void bareAddressWithParametersIsAmbiguousAndRefused() {
        assertThatThrownBy(() -> CommandParser.splitPath("TO:bob@example.org SIZE=1", "TO:"))
                .isInstanceOf(CommandParser.SyntaxException.class);
    }

    @Test
    void closingBracketInsideQuotesDoesNotEndThePath() throws Exception {
        assertThat(CommandParser.splitPath("TO:<\"a>b\"@example.org> NOTIFY=NEVER", "TO:")
                .path()).isEqualTo("\"a>b\"@example.org");
    }

    @Test
    void malformedPathsAreRefused() {
        for (String arg : new String[] {"FROM:<a@b.example", "FROM:<a@b.example>x",
                "TO:<a<b>", "FROM:", "FRM:<a@b.example>"}) {
            assertThatThrownBy(() -> CommandParser.splitPath(arg, arg.startsWith("TO")
                    ? "TO:" : "FROM:")).as(arg).isInstanceOf(CommandParser.SyntaxException.class);
        }
    }

    @Test
    void parametersAreParsedUpperCasedInOrder() throws Exception {
        Map<String, String> p = CommandParser.parseParameters("size=10  SMTPUTF8 ret=HDRS", false);
        assertThat(p).containsExactly(Map.entry("SIZE", "10"), Map.entry("SMTPUTF8", ""),
                Map.entry("RET", "HDRS"));
    }

    @Test
    void malformedOrRepeatedParametersAreRefused() {
        for (String text : new String[] {"#$%=!@#", "SIZE=", "SIZE=1 SIZE=2", "-X=1", "A=b=c"}) {
            assertThatThrownBy(() -> CommandParser.parseParameters(text, false)).as(text)
                    .isInstanceOf(CommandParser.SyntaxException.class);
        }
    }

    @Test
    void xtextIsDecodedAndControlCharactersRefused() throws Exception {
        assertThat(CommandParser.decodeXtext("rfc822+3Bbob@example.org"))
                .isEqualTo("rfc822;bob@example.org");
        for (String x : new String[] {"x+0D+0AX-Injected:+201", "x+0Ay", "a+00", "a+4", "a+zz"}) {
            assertThatThrownBy(() -> CommandParser.decodeXtext(x)).as(x)
                    .isInstanceOf(CommandParser.SyntaxException.class);
        }
    }
}
