package org.postern.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Hands out internal ids: increasing longs that are never reused in one data directory, not
 * even after a crash. The file {@code next-id} durably records a limit; ids below it may have
 * been handed out, ids from it on have not. The limit is raised by {@link #BLOCK} (written and
 * fsynced before any id past the old limit is used), so the disk is touched once per block, and
 * a restart continues from the recorded limit, skipping whatever the last block left unused.
 *
 * <p>Thread-safe.
 */
final class IdLease {

    static final String FILE = "next-id";
    static final long BLOCK = 4096;

    private final Path directory;
    private final SpoolFs fs;
    private long next;   // the next id to hand out
    private long limit;  // durably recorded; next < limit while ids are available

    private IdLease(Path directory, SpoolFs fs, long next) {
        this.directory = directory;
        this.fs = fs;
        this.next = next;
        this.limit = next;
    }

    /**
     * Opens the lease of a spool directory.
     *
     * @param atLeast one above the highest id found in the directory, in case the lease file was
     *     lost
     */
    static IdLease open(Path directory, SpoolFs fs, long atLeast) throws IOException {
        long recorded = 1;
        Path file = directory.resolve(FILE);
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            recorded = Long.parseLong(text);
            if (recorded < 1) {
                throw new IOException("id lease " + file + " holds " + text
                        + ", not a positive id");
            }
        } catch (NoSuchFileException e) {
            // A new spool; start at 1 unless messages are already there.
        } catch (NumberFormatException e) {
            throw new IOException("id lease " + file + " does not hold a number", e);
        }
        IdLease lease = new IdLease(directory, fs, Math.max(recorded, atLeast));
        synchronized (lease) {
            lease.extend();
        }
        return lease;
    }

    /** The next id; blocks on disk once per {@link #BLOCK} ids. */
    synchronized long next() throws IOException {
        if (next >= limit) {
            // TODO(lease ahead of time): the renewal runs on the caller's thread, which may be
            // an event loop; it costs one small fsync per 4096 messages and is left as is.
            extend();
        }
        return next++;
    }

    private void extend() throws IOException {
        long newLimit = next + BLOCK;
        Path tmp = directory.resolve(FILE + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.wrap(
                    (newLimit + "\n").getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
            fs.force(tmp, ch);
        }
        fs.move(tmp, directory.resolve(FILE));
        fs.syncDirectory(directory);
        limit = newLimit;
    }
}
