package org.postern.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDeliveryStateStoreTest {

    @TempDir
    Path dir;

    @Test
    void savedStateComesBackAfterReopening() throws Exception {
        FileDeliveryStateStore store = new FileDeliveryStateStore(dir);
        DeliveryState s = DeliveryState.fresh(7, List.of("a@x.test", "b@y.test"));
        s = s.withRecipient(0, s.recipients().get(0).routedTo("dns:x.test")
                .with(DeliveryState.Status.DELIVERED, "250 2.0.0 Ok"));
        s = s.withRecipient(1, s.recipients().get(1).routedTo("dns:y.test")
                .deferred(Instant.parse("2026-12-01T10:15:00Z"), "451 4.3.0 later"));
        s = s.withSuspended(true).withDelayNotified();
        store.save(s);
        assertThat(new FileDeliveryStateStore(dir).loadAll()).containsEntry(7L, s);
    }

    @Test
    void saveReplacesAndDeleteForgets() throws Exception {
        FileDeliveryStateStore store = new FileDeliveryStateStore(dir);
        DeliveryState s = DeliveryState.fresh(9, List.of("a@x.test"));
        store.save(s);
        store.save(s.withSuspended(true));
        assertThat(store.loadAll().get(9L).suspended()).isTrue();
        store.delete(9);
        assertThat(store.loadAll()).isEmpty();
    }

    @Test
    void halfWrittenTemporaryFilesAreDroppedAndDamagedStatesSkipped() throws Exception {
        Path d = dir.resolve("delivery");
        Files.createDirectories(d);
        Files.writeString(d.resolve("5.3.tmp"), "{\"format\":1");
        Files.writeString(d.resolve("6.state"), "not json");
        FileDeliveryStateStore store = new FileDeliveryStateStore(dir);
        assertThat(Files.exists(d.resolve("5.3.tmp"))).isFalse();
        assertThat(store.loadAll()).isEmpty();
    }
}
