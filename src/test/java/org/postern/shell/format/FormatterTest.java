package org.postern.shell.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.postern.shell.PsObject;
import org.postern.shell.View;

class FormatterTest {

    private final Formatter ems = new Formatter(119, 16);

    @Test
    void oneObjectListHasTwoEmptyLinesBeforeAndThreeAfter() {
        PsObject o = PsObject.of("Test").put("testName", "testValue");

        assertThat(ems.formatList(List.of(o), List.of()))
                .isEqualTo("\n\ntestName : testValue\n\n\n\n");
    }

    @Test
    void mailboxViewUsesFixedWidthsTruncatesWithDotsAndPadsToTheLastColumn() {
        View view = View.table(View.Column.of("Name", 25), View.Column.of("Alias", 20),
                View.Column.of("ServerName", 16), View.Column.of("ProhibitSendQuota"));
        PsObject mail = PsObject.of("Mailbox").put("Name", "mail").put("Alias", "mail")
                .put("ServerName", "t16mail1").put("ProhibitSendQuota", "Unlimited").view(view);

        String out = ems.outDefault(List.of(mail));

        assertThat(out).isEqualTo("\n"
                + pad("Name                      Alias                ServerName       "
                        + "ProhibitSendQuota") + "\n"
                + pad("----                      -----                ----------       "
                        + "-----------------") + "\n"
                + pad("mail                      mail                 t16mail1         "
                        + "Unlimited") + "\n"
                + "\n\n");
    }

    private static String pad(String line) {
        return line + " ".repeat(119 - line.length());
    }
}
