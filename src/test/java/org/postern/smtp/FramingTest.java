package org.postern.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The line reader and the DATA reader on their own, fed in arbitrary pieces. */
class FramingTest {

    private static ByteBuf buf(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    @Test
    void onlyCrlfEndsACommandLine() {
        CommandLineReader r = new CommandLineReader();
        ByteBuf in = buf("EHLO x\nMAIL FROM:<a@b.example>\r\nNOOP\r\n");
        CommandLineReader.Line first = r.read(in);
        assertThat(new String(first.bytes(), StandardCharsets.ISO_8859_1))
                .isEqualTo("EHLO x\nMAIL FROM:<a@b.example>");
        assertThat(new String(r.read(in).bytes(), StandardCharsets.ISO_8859_1)).isEqualTo("NOOP");
        assertThat(r.read(in)).isNull();
    }

    @Test
    void lineSplitAcrossReadsIsReassembled() {
        CommandLineReader r = new CommandLineReader();
        ByteBuf in = buf("NO");
        assertThat(r.read(in)).isNull();
        in.writeBytes("OP\r".getBytes(StandardCharsets.US_ASCII));
        assertThat(r.read(in)).isNull();
        in.writeBytes("\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(r.read(in).bytes(), StandardCharsets.US_ASCII)).isEqualTo("NOOP");
    }

    @Test
    void endlessLineIsDiscardedWithBoundedMemory() {
        CommandLineReader r = new CommandLineReader(100);
        ByteBuf in = Unpooled.buffer();
        for (int i = 0; i < 1000; i++) {
            in.writeBytes("A".repeat(1000).getBytes(StandardCharsets.US_ASCII));
            assertThat(r.read(in)).isNull();
            assertThat(in.readableBytes()).isLessThanOrEqualTo(1000);
            in.discardReadBytes();
        }
        in.writeBytes(
                "tail RCPT TO:<x@example.net>\r\nNOOP\r\n".getBytes(StandardCharsets.US_ASCII));
        CommandLineReader.Line tooLong = r.read(in);
        assertThat(tooLong.tooLong()).isTrue();
        assertThat(new String(r.read(in).bytes(), StandardCharsets.US_ASCII)).isEqualTo("NOOP");
    }

    @Test
    void crlfSplitWhileDiscardingIsStillFound() {
        CommandLineReader r = new CommandLineReader(10);
        ByteBuf in = buf("x".repeat(50) + "\r");
        assertThat(r.read(in)).isNull();
        in.writeBytes("\nNOOP\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(r.read(in).tooLong()).isTrue();
        assertThat(new String(r.read(in).bytes(), StandardCharsets.US_ASCII)).isEqualTo("NOOP");
    }

    private static String readAll(DataReader d, String... pieces) {
        ByteBuf out = Unpooled.buffer();
        for (String p : pieces) {
            ByteBuf in = buf(p);
            if (d.read(in, out)) {
                return out.toString(StandardCharsets.ISO_8859_1) + "<END>"
                        + in.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void dotStuffingIsRemovedAndOnlyCrlfDotCrlfEnds() {
        assertThat(readAll(new DataReader(), "..hidden\r\n...two\r\n.\r\nQUIT\r\n"))
                .isEqualTo(".hidden\r\n..two\r\n<END>QUIT\r\n");
    }

    @Test
    void emptyMessageEndsAtOnce() {
        assertThat(readAll(new DataReader(), ".\r\n")).isEqualTo("<END>");
    }

    @Test
    void terminatorSplitAcrossReadsIsFound() {
        assertThat(readAll(new DataReader(), "body\r", "\n.", "\r\n")).isEqualTo("body\r\n<END>");
    }

    @Test
    void bareLineEndsNeverEndData() {
        String[] fakes = {"text\n.\n", "text\n.\r\n", "text\r\n.\n", "text\r.\r", "text\r.\r\n",
            "text\r.\n", "text\n.\r", "text\r\n\0.\r\n", "text\r\n.\0\r\n", "body\r\n\n.\n"};
        for (String fake : fakes) {
            DataReader d = new DataReader();
            String got = readAll(d, fake + "MAIL FROM:<spoof@example.net>\r\n");
            assertThat(got).as(fake.replace("\r", "<CR>").replace("\n", "<LF>"))
                    .doesNotContain("<END>").contains("MAIL FROM:<spoof@example.net>");
        }
    }

    @Test
    void bareLfIsNormalisedAndFlaggedBareCrKept() {
        DataReader d = new DataReader();
        String got = readAll(d, "a\nb\rc\r\n.\r\n");
        assertThat(got).isEqualTo("a\r\nb\rc\r\n<END>");
        assertThat(d.sawBareLf()).isTrue();
        assertThat(d.sawBareCr()).isTrue();
    }

    @Test
    void lineAfterBareLfIsNotUnstuffed() {
        DataReader d = new DataReader();
        assertThat(readAll(d, "x\n.\nMAIL\r\n.\r\n")).isEqualTo("x\r\n.\r\nMAIL\r\n<END>");
    }
}
