package dev.txmq.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The operating-system user that initdb, postgres and pg_ctl run as.
 *
 * <p>PostgreSQL refuses to run as root. When this JVM runs as root (as on CI), every server command
 * is wrapped in {@code setpriv --reuid=65534 --regid=65534 --clear-groups --} so it runs as
 * {@code nobody}, and the directories the server writes are chowned to uid/gid 65534. Otherwise
 * the commands run directly as the current user and nothing is chowned.
 */
final class ServerUser {

    /** uid and gid of {@code nobody} on Debian and most other Linux distributions. */
    static final int NOBODY = 65534;

    private final boolean root;

    private ServerUser(boolean root) {
        this.root = root;
    }

    /** Detects whether this JVM runs as root, from {@code user.name} or the owner of /proc/self. */
    static ServerUser detect() {
        return new ServerUser("root".equals(System.getProperty("user.name")) || uidIsZero());
    }

    private static boolean uidIsZero() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return false; // no /proc or no unix attributes: not Linux root, user.name already checked
        }
    }

    boolean isRoot() {
        return root;
    }

    /** Hands {@code dir} to the server user (uid/gid 65534) when running as root; no-op otherwise. */
    void own(Path dir) throws IOException {
        if (root) {
            Files.setAttribute(dir, "unix:uid", NOBODY);
            Files.setAttribute(dir, "unix:gid", NOBODY);
        }
    }

    /**
     * Fails unless {@code dir} and all its parents can be entered by the server user. Only root needs
     * the check: the server then runs as nobody, which cannot enter a mode-700 directory like /root.
     */
    void requireTraversable(Path dir) throws IOException {
        if (!root) {
            return;
        }
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                throw new IllegalStateException("Directory " + p + " is not traversable by user nobody (uid "
                        + NOBODY + "), which runs PostgreSQL because this JVM runs as root; run with "
                        + "-Djava.io.tmpdir=/tmp or another directory whose parents are all world-executable");
            }
        }
    }

    /**
     * Runs a server command as the server user and waits for it.
     *
     * @return the command's combined stdout and stderr
     * @throws IOException if it cannot be started, exits non-zero or outlives {@code timeout}; the
     *     message holds the command and its output
     */
    String run(Duration timeout, List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (root) {
            full.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
        }
        full.addAll(command);
        // Output goes to a file, not a pipe: a daemon child that inherited a pipe would block reading it.
        Path output = Files.createTempFile("txmq-postgres-cmd", ".log");
        try {
            Process process = new ProcessBuilder(full)
                    .directory(Path.of(System.getProperty("java.io.tmpdir")).toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException("Command did not finish within " + timeout.toMillis() + "ms: " + full
                        + "\n" + new String(Files.readAllBytes(output), StandardCharsets.UTF_8));
            }
            String text = new String(Files.readAllBytes(output), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IOException("Command exited with code " + process.exitValue() + ": " + full + "\n" + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
