package org.postern.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Inputs found by ShellParserFuzzTest that once crashed the parser, and the nesting limit that
 * replaced stack overflows: each now parses or gives a clean parse error.
 */
class ParserRobustnessTest {

    private final ShellHarness sh = new ShellHarness();

    @Test
    void aDotBeforeDigitsThatAreNoNumberIsReadAsAWordNotANullToken() {
        // found by the fuzzer: ".7L=" made the tokenizer return no token (NullPointerException)
        assertThatThrownBy(() -> Parser.parse(".7L=")).isInstanceOf(ParseException.class);
        assertThat(sh.fails(".7L=")).contains("Unexpected token '.7L' in expression or statement.");
        assertThat(sh.ok("Write-Output .7L")).isEqualTo(".7L\n");
        assertThat(sh.ok(".5 + 1")).isEqualTo("1.5\n");
    }

    @Test
    void digitsOfOtherScriptsAreNoNumber() {
        // found by the fuzzer: ".\u07c3" (an NKo digit) reached Double.parseDouble
        assertThatThrownBy(() -> Parser.parse(".\u07c3")).isInstanceOf(ParseException.class);
        assertThat(sh.ok("Write-Output \u0663\u0664")).isEqualTo("\u0663\u0664\n");
        assertThat(sh.ok("Write-Output 0x1F")).isEqualTo("31\n");
        assertThat(sh.fails("\u0663 + 1")).contains("Unexpected token '\u0663'");
    }

    @Test
    void aParameterWithAColonAndNoValueAfterItIsAParseError() {
        // found by the fuzzer: "-Name:@x" left the parameter without a value (NullPointerException)
        for (String script : new String[] {"Set-Thing -Name:@x", "Set-Thing -Name:&",
            "Set-Thing -Name:>x"}) {
            assertThatThrownBy(() -> Parser.parse(script)).as(script)
                    .isInstanceOf(ParseException.class);
        }
        assertThat(sh.fails("Set-Thing -Name:@x")).contains("Unexpected token '@x'");
        assertThat(sh.ok("Set-Thing X -MaxSize:'x'; 'ok'")).isEqualTo("set X\nok\n");
    }

    @Test
    void nestingUpToTheLimitParses() {
        int n = Parser.MAX_NESTING - 1;
        assertThat(sh.ok("(".repeat(n) + "1" + ")".repeat(n))).isEqualTo("1\n");
        assertThat(sh.ok("!".repeat(n) + "1")).isEqualTo(n % 2 == 0 ? "True\n" : "False\n");
    }

    @Test
    void nestingDeeperThanTheLimitIsAParseErrorNotAStackOverflow() {
        int n = Parser.MAX_NESTING;
        for (String script : new String[] {"(".repeat(n) + "1" + ")".repeat(n),
            "(".repeat(5000), "{".repeat(5000), "@(".repeat(3000), "$(".repeat(3000),
            "@{a=".repeat(3000), "if(1){".repeat(2000), "-".repeat(10_000), "!".repeat(10_000),
            ",".repeat(10_000), "-not ".repeat(5000), "[int]".repeat(5000),
            "\"$(".repeat(3000), "1+(".repeat(3000)}) {
            assertThatThrownBy(() -> Parser.parse(script)).as(script.substring(0, 6))
                    .isInstanceOf(ParseException.class)
                    .satisfies(e -> assertThat(((ParseException) e).errors().get(0).id())
                            .isEqualTo("ScriptTooDeep"));
        }
        assertThat(sh.fails("(".repeat(5000)))
                .contains("The script is nested too deeply to parse: more than 100 levels");
    }
}
