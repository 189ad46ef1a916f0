package dev.txmq.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * A PostgreSQL data directory, {@code ${java.io.tmpdir}/txmq-postgres/data-PORT}, recreated empty on
 * every start. The server log is {@code server.log} inside it.
 */
final class DataDirectory {

    private static final int LOG_TAIL_LINES = 40;

    private final Path path;
    private final ServerUser user;

    DataDirectory(Path path, ServerUser user) {
        this.path = path;
        this.user = user;
    }

    Path path() {
        return path;
    }

    Path logFile() {
        return path.resolve("server.log");
    }

    /**
     * The postmaster that a {@code postmaster.pid} in this directory names, if that process is alive
     * and is a {@code postgres} executable (a pid reused by another program does not count).
     */
    Optional<ProcessHandle> runningPostmaster() throws IOException {
        Path pidFile = path.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).trim().matches("\\d+")) {
            return Optional.empty(); // written only partly by a postmaster that died while starting
        }
        return ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
    }

    /** Deletes the directory with its contents, then creates it empty, mode 700, owned by the server user. */
    void recreate() throws IOException {
        Directories.deleteRecursively(path);
        Files.createDirectories(path);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
        user.own(path);
    }

    /** Appends settings to {@code postgresql.conf}; later lines override the defaults initdb wrote. */
    void appendConfig(String settings) throws IOException {
        Files.writeString(path.resolve("postgresql.conf"), settings, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /** The last lines of the server log, for error messages; says so when there is no log. */
    String logTail() {
        Path log = logFile();
        try {
            List<String> lines = List.of(new String(Files.readAllBytes(log), StandardCharsets.UTF_8).split("\n"));
            return "last lines of " + log + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "no server log readable at " + log + " (" + e + ")";
        }
    }
}
