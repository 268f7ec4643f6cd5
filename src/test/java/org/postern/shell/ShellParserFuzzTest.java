package org.postern.shell;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Tag;

/**
 * Fuzz target for the shell language's tokenizer and parser on arbitrary text. A script either
 * parses or is refused with the shell's own {@link ParseException}: at least one error, each
 * with an id, a message and an extent inside the script. Anything else that comes out (a
 * RuntimeException, a StackOverflowError on deep nesting) is a finding.
 */
@Tag("fuzz")
class ShellParserFuzzTest {

    @FuzzTest(maxDuration = "15s")
    void parserAcceptsOrRefusesWithItsOwnErrorOnly(String script) {
        if (script == null) {
            return;
        }
        try {
            Parser.parse(script);
        } catch (ParseException e) {
            assertThat(e.errors()).isNotEmpty();
            for (ParseError error : e.errors()) {
                assertThat(error.id()).isNotBlank();
                assertThat(error.message()).isNotBlank();
                assertThat(error.extent().start()).isBetween(0, error.extent().end());
                assertThat(error.extent().end()).isLessThanOrEqualTo(script.length());
            }
        }
    }
}
