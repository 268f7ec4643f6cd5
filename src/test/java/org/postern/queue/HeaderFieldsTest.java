package org.postern.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postern.queue.HeaderFields.Field;
import org.postern.queue.HeaderFields.HeaderClass;

class HeaderFieldsTest {

    private static List<Field> parse(String block) {
        byte[] b = block.getBytes(StandardCharsets.ISO_8859_1);
        return HeaderFields.parse(b, b.length);
    }

    @Test
    void aFoldedFieldIsOneFieldWithAllItsLines() {
        List<Field> f = parse("Received: from a\r\n\tby b\r\n  with c\r\nSubject: x\r\n");
        assertThat(f).extracting(Field::name).containsExactly("Received", "Subject");
        assertThat(new String(f.get(0).raw(), StandardCharsets.ISO_8859_1))
                .isEqualTo("Received: from a\r\n\tby b\r\n  with c\r\n");
        assertThat(f.get(0).value()).isEqualTo("from a\tby b  with c");
    }

    @Test
    void joinGivesBackTheSameOctets() {
        String block = "A: 1\r\n b\r\nweird line\r\nX-Y: \0z\r\n";
        assertThat(new String(HeaderFields.join(parse(block)), StandardCharsets.ISO_8859_1))
                .isEqualTo(block);
    }

    @Test
    void namesAreComparedWithoutCase() {
        List<Field> f = parse("received: x\r\nRECEIVED: y\r\nX-Received: z\r\n");
        assertThat(HeaderFields.count(f, "Received")).isEqualTo(2);
    }

    @Test
    void classesFollowTheHeaderFirewallTable() {
        assertThat(HeaderFields.classify("Received")).isEqualTo(HeaderClass.ROUTING);
        assertThat(HeaderFields.classify("resent-message-id")).isEqualTo(HeaderClass.ROUTING);
        assertThat(HeaderFields.classify("Resent-Bcc")).isEqualTo(HeaderClass.ROUTING);
        assertThat(HeaderFields.classify("X-Received")).isNull();
        assertThat(HeaderFields.classify("Resent-Whatever")).isNull();
        assertThat(HeaderFields.classify("x-ms-exchange-organization-AuthAs"))
                .isEqualTo(HeaderClass.ORGANIZATION);
        assertThat(HeaderFields.classify("X-MS-Exchange-Forest-ArrivalHubServer"))
                .isEqualTo(HeaderClass.FOREST);
        assertThat(HeaderFields.classify("X-MS-Exchange-Other")).isNull();
    }
}
