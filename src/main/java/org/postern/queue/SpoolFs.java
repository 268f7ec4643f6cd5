package org.postern.queue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The few file-system operations on which the spool's durability rests: flushing a file,
 * renaming atomically and flushing a directory. They sit behind this seam so that tests can
 * observe their order and inject failures; production uses {@link #DEFAULT}.
 */
interface SpoolFs {

    /** Flushes the file's data and metadata to stable storage (fsync). */
    void force(Path file, FileChannel channel) throws IOException;

    /** Renames {@code from} to {@code to} atomically (rename(2)), replacing any target. */
    void move(Path from, Path to) throws IOException;

    /** Flushes the directory, making created, renamed and deleted entries durable. */
    void syncDirectory(Path directory) throws IOException;

    SpoolFs DEFAULT = new SpoolFs() {
        @Override
        public void force(Path file, FileChannel channel) throws IOException {
            channel.force(true);
        }

        @Override
        public void move(Path from, Path to) throws IOException {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        }

        @Override
        public void syncDirectory(Path directory) throws IOException {
            // TODO(directory fsync on Windows): opening a directory for reading fails there, so
            // the spool is only durable on POSIX systems; Postern targets Linux for now.
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true);
            }
        }
    };
}
