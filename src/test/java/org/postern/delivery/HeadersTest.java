package org.postern.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeadersTest {

    private static Headers.Summary summary(String message) throws Exception {
        return Headers.summary(new ByteArrayInputStream(message.getBytes(
                StandardCharsets.UTF_8)));
    }

    @Test
    void foldedSubjectIsUnfoldedAndTheBodyIsNotRead() throws Exception {
        Headers.Summary s = summary("From: a@x.test\r\nSubject: one\r\n two\r\n\r\n"
                + "Subject: not a header\r\n");
        assertThat(s.subject()).isEqualTo("one two");
        assertThat(s.from()).isEqualTo("a@x.test");
    }

    @Test
    void encodedWordsAreDecodedForDisplayAndKeptRawForReports() throws Exception {
        Headers.Summary s = summary("Subject: =?UTF-8?B?R3LDvMOfZQ==?= =?iso-8859-1?Q?aus_K=F6ln?="
                + " !\r\n\r\n");
        assertThat(s.subject()).isEqualTo("Grüßeaus Köln !");
        assertThat(s.rawSubject()).startsWith("=?UTF-8?B?");
    }

    @Test
    void undecodableWordStaysAsItIs() {
        assertThat(Headers.decodeWords("x =?no-such-charset?B?QQ==?= y"))
                .isEqualTo("x =?no-such-charset?B?QQ==?= y");
    }

    @Test
    void headerCopyStopsAtTheBlankLine() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Headers.copyHeader(new ByteArrayInputStream("A: 1\r\nB: 2\r\n\r\nbody\r\n".getBytes(
                StandardCharsets.US_ASCII)), out, Integer.MAX_VALUE);
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("A: 1\r\nB: 2\r\n");
    }
}
