package dev.txmq.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** File-system helpers for the directories the testkit creates under {@code java.io.tmpdir}. */
final class Directories {

    /** rwxr-xr-x: readable and traversable by the server user when that is nobody. */
    static final Set<PosixFilePermission> OPEN = PosixFilePermissions.fromString("rwxr-xr-x");

    private Directories() {
    }

    /**
     * The testkit's root, {@code ${java.io.tmpdir}/txmq-postgres}. Created with mode 755 whatever the
     * umask, so that nobody can reach the binaries and data directories below it.
     */
    static Path base() throws IOException {
        Path base = Path.of(System.getProperty("java.io.tmpdir"), "txmq-postgres").toAbsolutePath();
        Files.createDirectories(base);
        if (!Files.isWritable(base)) {
            throw new IllegalStateException("Directory " + base + " is not writable by user "
                    + System.getProperty("user.name") + " (another user created it?); delete it or run with"
                    + " -Djava.io.tmpdir=<a directory of yours>");
        }
        return createOpen(base);
    }

    /** Creates {@code dir} (and parents) if missing and sets mode 755 on it. */
    static Path createOpen(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, OPEN);
        return dir;
    }

    /** Deletes {@code dir} and everything below it, without following symbolic links; no-op if absent. */
    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : paths) {
            Files.delete(p);
        }
    }
}
