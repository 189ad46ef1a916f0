package dev.txmq.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Lifecycle of one PostgreSQL server on 127.0.0.1:PORT, driven through initdb and pg_ctl.
 *
 * <p>Every start is fresh: a server left running on the same data directory by an earlier run is
 * stopped ({@code -m immediate}), the data directory is recreated and initdb'ed, then role and
 * database {@code txmq} are created. A lock file {@code lock-PORT} next to the data directory is
 * held from start until stop (or JVM exit), so another JVM cannot restart a server in use.
 */
final class PostgresServer {

    static final String HOST = "127.0.0.1";
    private static final String SUPERUSER = "postgres";
    private static final String SUPERUSER_PASSWORD = "postgres";
    private static final int PG_CTL_WAIT_SECONDS = 60;
    /** The socket file name {@code .s.PGSQL.PORT} must fit in sun_path (108 bytes). */
    private static final int MAX_SOCKET_DIR_LENGTH = 80;

    private final int port;
    private final ServerUser user = ServerUser.detect();
    private final Path base;
    private final DataDirectory data;
    private final Path socketDir;
    private FileLock lock;

    PostgresServer(int port) throws IOException {
        this.port = port;
        this.base = Directories.base();
        user.requireTraversable(base);
        this.data = new DataDirectory(base.resolve("data-" + port), user);
        Path sockets = base.resolve("sock-" + port);
        this.socketDir = sockets.toString().length() <= MAX_SOCKET_DIR_LENGTH
                ? sockets
                : Path.of("/tmp", "txmq-pg-" + port);
    }

    /**
     * Starts a fresh server and returns once it accepts connections as {@code txmq}.
     *
     * @throws IllegalStateException if the port is in use by another process or another JVM's TestPostgres
     * @throws IOException if initdb or pg_ctl fails; the message holds the tail of the server log
     */
    void start() throws IOException, InterruptedException, SQLException {
        lock();
        boolean started = false;
        try {
            startLocked();
            started = true;
        } finally {
            if (!started) {
                unlock(); // a server half-started here is stopped as a leftover by the next start
            }
        }
    }

    private void startLocked() throws IOException, InterruptedException, SQLException {
        Path binaries = PostgresBinaries.install(base);
        stopLeftover(binaries);
        requirePortFree();
        data.recreate();
        Directories.deleteRecursively(socketDir);
        user.own(Directories.createOpen(socketDir));
        initdb(binaries);
        data.appendConfig(settings());
        try {
            pgCtl(binaries, "start", "-w", "-t", String.valueOf(PG_CTL_WAIT_SECONDS),
                    "-l", data.logFile().toString());
        } catch (IOException e) {
            throw new IOException("PostgreSQL on " + HOST + ":" + port + " did not start; " + data.logTail(), e);
        }
        createRoleAndDatabase();
    }

    /**
     * Stops the server with {@code pg_ctl stop -m fast}, waiting at most {@value #PG_CTL_WAIT_SECONDS} s,
     * and releases the port lock.
     *
     * @return false if no server was running on this port's data directory
     */
    boolean stop() throws IOException, InterruptedException {
        try {
            lock();
            if (data.runningPostmaster().isEmpty()) {
                return false;
            }
            pgCtl(PostgresBinaries.install(base), "stop", "-m", "fast", "-w",
                    "-t", String.valueOf(PG_CTL_WAIT_SECONDS));
            return true;
        } finally {
            unlock();
        }
    }

    private void lock() throws IOException {
        if (lock != null) {
            return;
        }
        Path file = base.resolve("lock-" + port);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        lock = channel.tryLock();
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("PostgreSQL port " + port + " is in use by TestPostgres in another JVM"
                    + " (it holds " + file + "); let that run finish, or choose another port with -D"
                    + TestPostgres.PORT_PROPERTY + "=<port>");
        }
    }

    private void unlock() throws IOException {
        if (lock != null) {
            lock.channel().close();
            lock = null;
        }
    }

    private void stopLeftover(Path binaries) throws IOException, InterruptedException {
        if (data.runningPostmaster().isPresent()) {
            pgCtl(binaries, "stop", "-m", "immediate", "-w", "-t", String.valueOf(PG_CTL_WAIT_SECONDS));
        }
    }

    private void requirePortFree() {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(HOST, port));
        } catch (IOException e) {
            throw new IllegalStateException("Port " + port + " on " + HOST + " is already in use by another process,"
                    + " so the test PostgreSQL cannot listen there; choose a free port with -D"
                    + TestPostgres.PORT_PROPERTY + "=<port> (default " + TestPostgres.DEFAULT_PORT + ")", e);
        }
    }

    private void initdb(Path binaries) throws IOException, InterruptedException {
        // initdb reads the password as the server user; a throwaway test password may be world-readable.
        Path pwfile = base.resolve("pwfile-" + port);
        Files.writeString(pwfile, SUPERUSER_PASSWORD + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(pwfile, PosixFilePermissions.fromString("rw-r--r--"));
        try {
            // --no-sync only skips initdb's final flush: a data dir lost to an OS crash is recreated anyway.
            user.run(Duration.ofMinutes(2), List.of(binaries.resolve("bin/initdb").toString(),
                    "-D", data.path().toString(), "-U", SUPERUSER, "--pwfile=" + pwfile, "--auth=scram-sha-256",
                    "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions"));
        } finally {
            Files.deleteIfExists(pwfile);
        }
    }

    private String settings() {
        return "\n# txmq testkit\n"
                + "listen_addresses = '" + HOST + "'\n"
                + "port = " + port + "\n"
                + "unix_socket_directories = '" + socketDir + "'\n"
                + "max_connections = 200\n"
                + "max_prepared_transactions = 64\n"
                + "fsync = on\n";
    }

    private void pgCtl(Path binaries, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binaries.resolve("bin/pg_ctl").toString(),
                "-D", data.path().toString()));
        command.addAll(List.of(args));
        user.run(Duration.ofSeconds(PG_CTL_WAIT_SECONDS + 30), command);
    }

    private void createRoleAndDatabase() throws SQLException {
        String url = "jdbc:postgresql://" + HOST + ":" + port + "/postgres";
        try (Connection c = DriverManager.getConnection(url, SUPERUSER, SUPERUSER_PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + TestPostgres.USER + " LOGIN PASSWORD '" + TestPostgres.PASSWORD + "'");
            s.execute("CREATE DATABASE " + TestPostgres.DATABASE + " OWNER " + TestPostgres.USER);
            // lets a test hold every commit back (commit_delay) to widen a race it wants to see
            s.execute("GRANT ALTER SYSTEM ON PARAMETER commit_delay, commit_siblings TO " + TestPostgres.USER);
            // lets the benchmark start every segment right after a checkpoint
            s.execute("GRANT pg_checkpoint TO " + TestPostgres.USER);
        }
        String testDatabase = "jdbc:postgresql://" + HOST + ":" + port + "/" + TestPostgres.DATABASE;
        try (Connection c = DriverManager.getConnection(testDatabase, SUPERUSER, SUPERUSER_PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("GRANT EXECUTE ON FUNCTION pg_reload_conf() TO " + TestPostgres.USER); // functions are per database
        }
    }
}
