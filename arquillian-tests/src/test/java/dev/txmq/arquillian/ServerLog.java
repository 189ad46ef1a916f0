package dev.txmq.arquillian;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The managed WildFly's {@code standalone/log/server.log}, read from a mark on, so a test looks only
 * at what the server logged while it ran.
 */
final class ServerLog {

    private static final Path FILE = Path.of(System.getProperty("jboss.home"), "standalone", "log", "server.log");

    private final long start;

    private ServerLog(long start) {
        this.start = start;
    }

    /** From the current end of the log on. */
    static ServerLog fromNow() throws IOException {
        return new ServerLog(Files.size(FILE));
    }

    /** What the server logged since the mark. */
    String text() throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(FILE.toFile(), "r")) {
            long length = file.length() - start;
            byte[] bytes = new byte[(int) Math.max(0, length)];
            file.seek(start);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** The ERROR lines logged since the mark (first lines only, without their stack traces). */
    List<String> errors() throws IOException {
        return text().lines().filter(line -> line.matches("^\\S+ \\S+ ERROR .*")).toList();
    }
}
