package org.postern.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaildirsTest {

    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T10:00:00.123456Z"),
            ZoneOffset.UTC);

    @Test
    void messageLandsInNewWithLfLinesAndDeliveryHeaders() throws Exception {
        Maildirs m = new Maildirs(dir, "ex01.contoso.com", clock);
        Path file = m.deliver("kim", "alice@example.org", "kim@contoso.com",
                new ByteArrayInputStream("Subject: hi\r\n\r\nbody\r\n".getBytes(
                        StandardCharsets.US_ASCII)));
        assertThat(file.getParent()).isEqualTo(dir.resolve("mailboxes/kim/new"));
        assertThat(Files.isDirectory(dir.resolve("mailboxes/kim/cur"))).isTrue();
        try (Stream<Path> tmp = Files.list(dir.resolve("mailboxes/kim/tmp"))) {
            assertThat(tmp).isEmpty();
        }
        assertThat(Files.readString(file)).isEqualTo("Return-Path: <alice@example.org>\n"
                + "Delivered-To: kim@contoso.com\nSubject: hi\n\nbody\n");
    }

    @Test
    void namesFollowTheMaildirConventionAndAreUnique() {
        Maildirs m = new Maildirs(dir, "host/with:odd", clock);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String n = m.uniqueName();
            assertThat(n).matches(clock.instant().getEpochSecond()
                    + "\\.M123456P\\d+Q\\d+\\.host\\\\057with\\\\072odd");
            names.add(n);
        }
        assertThat(names).hasSize(1000);
    }

    @Test
    void nullSenderGivesAnEmptyReturnPath() throws Exception {
        Maildirs m = new Maildirs(dir, "ex01", clock);
        Path file = m.deliver("kim", "", "kim@contoso.com",
                new ByteArrayInputStream("X: y\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertThat(Files.readString(file)).startsWith("Return-Path: <>\n");
    }

    @Test
    void folderNameThatLeavesTheMailboxFolderIsRefused() {
        Maildirs m = new Maildirs(dir, "ex01", clock);
        assertThatThrownBy(() -> m.maildir("..")).hasMessageContaining("\"..\"");
        assertThatThrownBy(() -> m.maildir("a/b")).hasMessageContaining("plain folder name");
    }
}
