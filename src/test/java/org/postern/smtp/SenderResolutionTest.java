package org.postern.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postern.queue.HeaderFields.Field;

class SenderResolutionTest {

    private static Optional<String> resolve(String fromField, String displayName) {
        Field f = new Field("From", fromField.getBytes(StandardCharsets.ISO_8859_1));
        return SenderResolution.resolve(f, a -> a.equalsIgnoreCase("chris@contoso.com")
                ? Optional.of(displayName) : Optional.empty())
                .map(r -> new String(r.raw(), StandardCharsets.ISO_8859_1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"From: chris@contoso.com\r\n", "From: <chris@contoso.com>\r\n",
        "From: Printer 3 <chris@contoso.com>\r\n", "From: \"Scan, Floor 2\" <chris@contoso.com>"
            + "\r\n", "From: chris@contoso.com (scanner)\r\n",
        "from:\r\n chris@contoso.com\r\n"})
    void aSingleMailboxOwnedByAMailboxGetsItsDisplayName(String field) {
        assertThat(resolve(field, "Chris Ashton"))
                .hasValue("From: \"Chris Ashton\" <chris@contoso.com>\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"From: someone@contoso.com\r\n",
        "From: chris@contoso.com, other@contoso.com\r\n",
        "From: a <chris@contoso.com>, b <x@y.z>\r\n", "From: Group: chris@contoso.com;\r\n",
        "From: \"chris\"@contoso.com\r\n", "From: chris@contoso.com\r junk\r\n",
        "From: <chris@contoso.com> trailing\r\n", "From: undisclosed\r\n"})
    void anythingElseStaysAsItIs(String field) {
        assertThat(resolve(field, "Chris Ashton")).isEmpty();
    }

    @Test
    void displayNameCannotBreakTheLine() {
        assertThat(resolve("From: chris@contoso.com\r\n", "Chris\r\nBcc: x@evil.example\0"))
                .hasValue("From: \"Chris  Bcc: x@evil.example\" <chris@contoso.com>\r\n");
    }

    @Test
    void quotesAndBackslashesAreEscaped() {
        assertThat(resolve("From: chris@contoso.com\r\n", "Chris \"The\" A\\B"))
                .hasValue("From: \"Chris \\\"The\\\" A\\\\B\" <chris@contoso.com>\r\n");
    }

    @Test
    void nonAsciiDisplayNameIsEncodedAndFolded() {
        String name = "Jürgen Müller-Lüdenscheidt, Abteilung Drücker und Scänner";
        String field = resolve("From: chris@contoso.com\r\n", name).orElseThrow();
        assertThat(field).startsWith("From: =?UTF-8?B?").endsWith("?= <chris@contoso.com>\r\n")
                .contains("?=\r\n =?UTF-8?B?");
        for (String line : field.split("\r\n")) {
            assertThat(line.length()).isLessThanOrEqualTo(78);
        }
        StringBuilder decoded = new StringBuilder();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("=\\?UTF-8\\?B\\?([^?]*)\\?=")
                .matcher(field);
        while (m.find()) {
            decoded.append(new String(java.util.Base64.getDecoder().decode(m.group(1)),
                    StandardCharsets.UTF_8));
        }
        assertThat(decoded.toString()).isEqualTo(name);
    }
}
