package org.postern.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;

/**
 * Fuzz target for the command parser and the address parsers, on arbitrary text after the
 * session's control-character check would have passed it or not. Each parser may refuse with
 * its own exception only; what it accepts satisfies what the rest of the server relies on:
 * bounded lengths, a lower-case domain of letters, digits, hyphens and dots (or an address
 * literal), no control characters anywhere, and a normal form that parses to itself.
 */
@Tag("fuzz")
class CommandParserFuzzTest {

    @FuzzTest(maxDuration = "15s")
    void parsersRefuseCleanlyAndAcceptOnlyWellFormedValues(FuzzedDataProvider data) {
        boolean utf8 = data.consumeBoolean();
        boolean postmaster = data.consumeBoolean();
        String line = data.consumeRemainingAsString();

        CommandParser.Command cmd = CommandParser.parse(line);
        int sp = line.indexOf(' ');
        assertThat(cmd.verb()).doesNotContain(" ")
                .isEqualTo((sp < 0 ? line : line.substring(0, sp)).toUpperCase(Locale.ROOT));
        assertThat(cmd.argument()).isEqualTo(sp < 0 ? "" : line.substring(sp + 1));

        for (String keyword : new String[] {"FROM:", "TO:"}) {
            CommandParser.PathArgument path;
            try {
                path = CommandParser.splitPath(cmd.argument(), keyword);
            } catch (CommandParser.SyntaxException e) {
                assertThat(e.getMessage()).isNotBlank();
                continue;
            }
            assertThat(path.parameters()).isEqualTo(path.parameters().strip());
            if (!path.bracketed()) {
                assertThat(path.path()).isNotEmpty().doesNotContain(" ", ">");
                assertThat(path.parameters()).isEmpty();
            }
            checkPath(path.path(), utf8, postmaster);
            checkParameters(path.parameters(), utf8);
        }
        checkPath(line, utf8, postmaster);
        checkParameters(line, utf8);
        checkHelo(cmd.argument());
        checkHelo(line);
    }

    private static void checkPath(String path, boolean utf8, boolean postmaster) {
        MailAddress a;
        try {
            a = AddressParser.parsePath(path, utf8, postmaster);
        } catch (AddressParser.InvalidAddressException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        if (a.isPostmaster()) {
            assertThat(postmaster).isTrue();
            assertThat(a).isEqualTo(MailAddress.POSTMASTER);
            return;
        }
        assertThat(octets(a.localPart())).isBetween(1, AddressParser.MAX_LOCAL_PART);
        assertThat(octets(a.domain())).isBetween(1, AddressParser.MAX_DOMAIN);
        assertThat(octets(a.toString())).isLessThanOrEqualTo(AddressParser.MAX_PATH);
        assertNoControls(a.localPart());
        if (!utf8) {
            assertThat(a.utf8()).isFalse();
            assertThat(AddressParser.isAscii(a.localPart())).isTrue();
        }
        checkDomain(a.domain(), a.literal());
        // the normal form is a fixed point: parsing it again gives the same address
        MailAddress again;
        try {
            again = AddressParser.parseMailbox(a.toString(), utf8);
        } catch (AddressParser.InvalidAddressException e) {
            throw new AssertionError("the normal form " + a + " does not parse: " + e.getMessage());
        }
        assertThat(again.localPart()).isEqualTo(a.localPart());
        assertThat(again.domain()).isEqualTo(a.domain());
        assertThat(again.literal()).isEqualTo(a.literal());
    }

    private static void checkDomain(String domain, boolean literal) {
        assertThat(domain).isEqualTo(domain.toLowerCase(Locale.ROOT).replace("ipv6:", "IPv6:"));
        if (literal) {
            assertThat(domain).matches("\\[(IPv6:[0-9a-f:.]+|[0-9.]+)\\]");
        } else {
            assertThat(domain).matches("[a-z0-9_-]+(\\.[a-z0-9_-]+)*")
                    .doesNotStartWith("-").doesNotEndWith("-");
        }
    }

    private static void checkParameters(String text, boolean utf8) {
        Map<String, String> params;
        try {
            params = CommandParser.parseParameters(text, utf8);
        } catch (CommandParser.SyntaxException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        params.forEach((key, value) -> {
            assertThat(key).matches("[A-Z0-9][A-Z0-9-]*");
            assertThat(value).doesNotContain(" ", "=");
            assertNoControls(value);
            try {
                assertNoControls(CommandParser.decodeXtext(value));
            } catch (CommandParser.SyntaxException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        });
    }

    private static void checkHelo(String text) {
        String name;
        try {
            name = AddressParser.parseHeloName(text);
        } catch (AddressParser.InvalidAddressException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(octets(name)).isBetween(1, AddressParser.MAX_DOMAIN + 2);
        checkDomain(name, name.startsWith("["));
        try {
            assertThat(AddressParser.parseHeloName(name)).isEqualTo(name);
        } catch (AddressParser.InvalidAddressException e) {
            throw new AssertionError("the normal form " + name + " does not parse: "
                    + e.getMessage());
        }
    }

    private static void assertNoControls(String s) {
        assertThat(s.chars().noneMatch(c -> c < 32 || c == 127)).as("controls in %s", s).isTrue();
    }

    private static int octets(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
