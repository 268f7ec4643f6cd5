package org.postern.pressure;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/** Measures a resource's use now, in its unit. */
@FunctionalInterface
public interface Sampler {

    long sample(Resource resource) throws IOException;

    /**
     * The server's resources: the file system of the spool directory, this JVM's heap, and the
     * spool's length.
     */
    static Sampler of(Path spoolDirectory, LongSupplier queueLength) {
        return resource -> switch (resource) {
            case UsedDiskSpace -> usedDiskSpace(spoolDirectory);
            case UsedHeapMemory -> usedHeap();
            case QueueLength -> queueLength.getAsLong();
        };
    }

    /**
     * Percent of the file system in use, rounded to the nearest whole number as Exchange rounds.
     * The space counted free is what this process may still write (usable space, without blocks
     * the file system keeps for the superuser).
     */
    static long usedDiskSpace(Path directory) throws IOException {
        FileStore store = Files.getFileStore(directory);
        long total = store.getTotalSpace();
        if (total <= 0) {
            return 0;
        }
        long free = Math.min(store.getUsableSpace(), total);
        return Math.round(100.0 * (total - free) / total);
    }

    /**
     * Percent of the largest heap the JVM may grow to that is in use, without the young
     * generation's allocation space: for a pool that is emptied by every young collection
     * (Eden) its use after the last collection counts, not the garbage it holds until the next
     * one. No collection is forced. Collectors with a single pool (ZGC, Shenandoah) count it as
     * it is.
     */
    static long usedHeap() {
        long max = Runtime.getRuntime().maxMemory();
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() != MemoryType.HEAP || !pool.isValid()) {
                continue;
            }
            MemoryUsage now = pool.getUsage();
            MemoryUsage afterGc = pool.getCollectionUsage();
            if (afterGc != null && pool.getName().contains("Eden")) {
                used += afterGc.getUsed();
            } else if (now != null) {
                used += now.getUsed();
            }
        }
        if (max <= 0 || max == Long.MAX_VALUE) {
            max = Runtime.getRuntime().totalMemory();
        }
        return Math.round(100.0 * used / max);
    }
}
