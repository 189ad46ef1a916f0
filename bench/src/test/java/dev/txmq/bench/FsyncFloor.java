package dev.txmq.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The physical floor: how long one forced write takes on the disk the journal, the object store and
 * PostgreSQL share ({@code FileChannel.force} after a 4 KiB write, as a journal does). A two-phase
 * commit of a database and a broker forces at least 5 writes in sequence: database prepare, broker
 * prepare, transaction log, database commit, broker commit.
 */
record FsyncFloor(int samples, double p50Ms, double p99Ms) {

    static final int FORCED_WRITES_PER_2PC = 5;

    static FsyncFloor measure(Path directory, int samples) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve("fsync-probe.dat");
        long[] nanos = new long[samples];
        ByteBuffer block = ByteBuffer.allocateDirect(4096);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ)) {
            channel.write(ByteBuffer.allocate(1 << 20), 0); // preallocated, like a journal file
            channel.force(true);
            for (int i = 0; i < samples; i++) {
                block.clear();
                long began = System.nanoTime();
                channel.write(block, (long) (i % 256) * 4096);
                channel.force(false);
                nanos[i] = System.nanoTime() - began;
            }
        } finally {
            Files.deleteIfExists(file);
        }
        Arrays.sort(nanos);
        return new FsyncFloor(samples, nanos[samples / 2] / 1e6, nanos[(int) (samples * 0.99)] / 1e6);
    }

    /** The shortest a 2PC transaction can take at concurrency 1. */
    double transactionFloorMs() {
        return FORCED_WRITES_PER_2PC * p50Ms;
    }

    /** The most 2PC transactions per second one client can do, by the model. */
    double transactionsPerSecondCeiling() {
        return 1000.0 / transactionFloorMs();
    }
}
