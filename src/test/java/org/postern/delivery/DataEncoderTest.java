package org.postern.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataEncoderTest {

    private static String encode(String content) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataEncoder.copy(new ByteArrayInputStream(content.getBytes(StandardCharsets.ISO_8859_1)),
                out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void linesStartingWithADotAreStuffed() throws Exception {
        assertThat(encode("Subject: x\r\n\r\n.\r\n..two\r\n.end\r\nmid.dot\r\n"))
                .isEqualTo("Subject: x\r\n\r\n..\r\n...two\r\n..end\r\nmid.dot\r\n.\r\n");
    }

    @Test
    void contentWithoutAFinalLineEndGetsOneBeforeTheTerminator() throws Exception {
        assertThat(encode("a\r\nlast")).isEqualTo("a\r\nlast\r\n.\r\n");
        assertThat(encode("")).isEqualTo(".\r\n");
    }

    @Test
    void bareLineFeedsAndCarriageReturnsBecomeCrlfBeforeStuffing() throws Exception {
        assertThat(encode("a\n.\nb\r.\rc\r\n")).isEqualTo("a\r\n..\r\nb\r\n..\r\nc\r\n.\r\n");
    }

    @Test
    void smugglingAttemptFromCaseS10LeavesOneTransaction() throws Exception {
        String content = "From: alice@example.org\r\n\r\nhello\n.\nMAIL FROM:<spoof@example.com>\n"
                + "RCPT TO:<carol@example.net>\nDATA\n\nevil\r\n";
        String wire = encode(content);
        // The only "CRLF . CRLF" is the real terminator at the very end.
        assertThat(wire.indexOf("\r\n.\r\n")).isEqualTo(wire.length() - 5);
        assertThat(wire).contains("hello\r\n..\r\nMAIL FROM:<spoof@example.com>\r\n");
        // Nothing but CRLF line ends on the wire.
        assertThat(wire.replace("\r\n", "")).doesNotContain("\r").doesNotContain("\n");
    }

    @Test
    void aDotBehindLeadingNulsIsStuffedSoDroppingNulsMakesNoEndOfData() throws Exception {
        // S06 outbound: the spool may hold "<NUL>." and "<NUL>" lines, kept as received
        String wire = encode("a\r\n\0.\r\n\0\0.\r\n\0\r\n.\0\r\n\0x\r\n\0");
        assertThat(wire).isEqualTo("a\r\n.\0.\r\n.\0\0.\r\n\0\r\n..\0\r\n\0x\r\n\0\r\n"
                + ".\r\n");
        String nulsDropped = wire.replace("\0", "");
        assertThat(nulsDropped.indexOf("\r\n.\r\n")).isEqualTo(nulsDropped.length() - 5);
    }

    private static boolean unchanged(String content) throws Exception {
        return DataEncoder.passesUnchanged(
                new ByteArrayInputStream(content.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void onlyCrlfLinesWithoutNulPassUnchanged() throws Exception {
        assertThat(unchanged("")).isTrue();
        assertThat(unchanged("a\r\n.b\r\n\r\n\u00ff\r\n")).isTrue();
        for (String s : List.of("a\n", "a\r", "a\rb\r\n", "a\r\r\n", "\0\r\n", "a\r\nlast")) {
            assertThat(unchanged(s)).as(s.replace("\r", "<CR>").replace("\n", "<LF>")).isFalse();
        }
    }

    @Test
    void crLfSplitAcrossBuffersIsStillOneLineEnd() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataEncoder e = new DataEncoder(out);
        byte[] a = "x\r".getBytes(StandardCharsets.US_ASCII);
        byte[] b = "\n.y\r\n".getBytes(StandardCharsets.US_ASCII);
        e.write(a, 0, a.length);
        e.write(b, 0, b.length);
        e.finish();
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("x\r\n..y\r\n.\r\n");
    }

    @Test
    void largeContentPassesThroughUnchangedExceptTheTerminator() throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 20000; i++) {
            b.append("line ").append(i).append(" of the body, plain text\r\n");
        }
        assertThat(encode(b.toString())).isEqualTo(b + ".\r\n");
    }
}
