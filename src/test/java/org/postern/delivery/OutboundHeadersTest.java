package org.postern.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutboundHeadersTest {

    private static String filter(String content) throws IOException {
        try (InputStream in = OutboundHeaders.filter(new ByteArrayInputStream(
                content.getBytes(StandardCharsets.ISO_8859_1)))) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void organizationAndForestFieldsGoWithTheirContinuationLines() throws IOException {
        assertThat(filter("Received: a\r\n b\r\nx-ms-exchange-organization-scl: -1\r\n"
                + "X-MS-Exchange-Forest-X: 1\r\n\tcontinued\r\nX-MS-Exchange-Other: kept\r\n"
                + "Subject: s\r\n\r\nX-MS-Exchange-Organization-AuthAs: body\r\n"))
                .isEqualTo("Received: a\r\n b\r\nX-MS-Exchange-Other: kept\r\nSubject: s\r\n"
                        + "\r\nX-MS-Exchange-Organization-AuthAs: body\r\n");
    }

    @Test
    void contentWithoutThoseFieldsIsUnchanged() throws IOException {
        String big = "Subject: x\r\n\r\n" + "line of body\r\n".repeat(20_000) + "no final eol";
        assertThat(filter(big)).isEqualTo(big);
        assertThat(filter("")).isEmpty();
        assertThat(filter("Subject: only a header, no end")).isEqualTo(
                "Subject: only a header, no end");
        assertThat(filter("X-MS-Exchange-Organization-AuthAs: Internal")).isEmpty();
    }
}
