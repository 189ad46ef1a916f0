package dev.txmq.testkit;

import java.io.IOException;

/**
 * Command line for builds and shell scripts: {@code start} starts the test PostgreSQL and exits
 * leaving it running; {@code stop} stops it. Both use the same port ({@value TestPostgres#PORT_PROPERTY},
 * default {@value TestPostgres#DEFAULT_PORT}) and settings as {@link TestPostgres#shared()}.
 *
 * <p>Note that a test JVM calling {@link TestPostgres#shared()} on the same port replaces a server
 * started here with a fresh one, and stops it when it exits.
 *
 * <p>Exit codes: 0 done, 1 failed (message on stderr), 2 bad usage.
 */
public final class PostgresMain {

    private PostgresMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        String command = args.length == 1 ? args[0] : "";
        try {
            int port = TestPostgres.configuredPort();
            switch (command) {
                case "start" -> {
                    TestPostgres.start(port);
                    System.out.println("PostgreSQL running on 127.0.0.1:" + port + ", database/user/password txmq");
                }
                case "stop" -> System.out.println(new PostgresServer(port).stop()
                        ? "PostgreSQL on port " + port + " stopped" : "No test PostgreSQL was running on port " + port);
                default -> {
                    System.err.println("usage: PostgresMain start|stop   (port: -D"
                            + TestPostgres.PORT_PROPERTY + "=<port>)");
                    System.exit(2);
                }
            }
        } catch (IllegalStateException | IllegalArgumentException | IOException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }
}
