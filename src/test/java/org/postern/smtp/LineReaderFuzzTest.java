package org.postern.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;

/**
 * Fuzz target for the strict CRLF line framing. The input is arbitrary octets cut into
 * arbitrary chunks, and a small line limit so the overlong paths are reached. The oracle is a
 * plain model of the framing (split at CRLF only; a line over the limit is reported by its
 * length, without its octets): whatever the chunking, the reader gives exactly the model's
 * lines, never holds more than the limit plus the CRLF and one chunk, and never keeps a line
 * over the limit.
 */
@Tag("fuzz")
class LineReaderFuzzTest {

    /** A line as the model sees it: its octets, or null with the length of a discarded one. */
    private record Framed(byte[] bytes, long discarded) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Framed f && Arrays.equals(bytes, f.bytes)
                    && discarded == f.discarded;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes) * 31 + Long.hashCode(discarded);
        }

        @Override
        public String toString() {
            return bytes == null ? "tooLong(" + discarded + ")" : "line(" + bytes.length + ")";
        }
    }

    @FuzzTest(maxDuration = "15s")
    void framingIsChunkingIndependentAndBounded(FuzzedDataProvider data) {
        int maxLine = data.consumeInt(0, 40);
        int chunks = data.consumeInt(0, 30);
        int[] cuts = new int[chunks];
        for (int i = 0; i < chunks; i++) {
            cuts[i] = data.consumeInt(0, 64);
        }
        byte[] input = data.consumeRemainingAsBytes();

        List<Framed> expected = model(input, maxLine);
        CommandLineReader reader = new CommandLineReader(maxLine);
        ByteBuf buffer = Unpooled.buffer();
        List<Framed> got = new ArrayList<>();
        int at = 0;
        int cut = 0;
        while (at < input.length) {
            int n = cut < cuts.length ? cuts[cut++] : input.length - at;
            n = Math.min(Math.max(n, 1), input.length - at);
            buffer.writeBytes(input, at, n);
            at += n;
            CommandLineReader.Line line;
            while ((line = reader.read(buffer)) != null) {
                if (!line.tooLong()) {
                    assertThat(line.bytes().length).isLessThanOrEqualTo(maxLine);
                }
                got.add(new Framed(line.bytes(), line.tooLong() ? line.discarded() : 0));
            }
            // what is held is at most one line under the limit, its CR, and the last chunk
            assertThat(buffer.readableBytes()).isLessThanOrEqualTo(maxLine + 2 + n);
            buffer.discardReadBytes();
        }
        buffer.release();
        assertThat(got).isEqualTo(expected);
    }

    /** Splits at CRLF; a line over the limit becomes its length; a tail without CRLF waits. */
    private static List<Framed> model(byte[] input, int maxLine) {
        List<Framed> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int i = 0; i < input.length; i++) {
            if (input[i] == '\r' && i + 1 < input.length && input[i + 1] == '\n') {
                byte[] b = line.toByteArray();
                lines.add(b.length > maxLine ? new Framed(null, b.length) : new Framed(b, 0));
                line.reset();
                i++;
            } else {
                line.write(input[i]);
            }
        }
        return lines;
    }
}
