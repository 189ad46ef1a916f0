package dev.txmq.arquillian;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A server's log file, read from a mark on, so a test looks only at what the server logged while it ran.
 */
final class ServerLog {

    private final Path file;
    private final Pattern recordStart;
    private final Pattern errorStart;
    private final long start;

    private ServerLog(Path file, Pattern recordStart, Pattern errorStart, long start) {
        this.file = file;
        this.recordStart = recordStart;
        this.errorStart = errorStart;
        this.start = start;
    }

    /**
     * From the current end of {@code file} on. A record (its message, stack trace and all) starts with a
     * line that {@code recordStart} matches; an error record, with one that {@code errorStart} matches.
     */
    static ServerLog fromNow(Path file, String recordStart, String errorStart) throws IOException {
        return new ServerLog(file, Pattern.compile(recordStart), Pattern.compile(errorStart), Files.size(file));
    }

    /** What the server logged since the mark. */
    String text() throws IOException {
        try (RandomAccessFile reader = new RandomAccessFile(file.toFile(), "r")) {
            long length = reader.length() - start;
            byte[] bytes = new byte[(int) Math.max(0, length)];
            reader.seek(start);
            reader.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** The records logged since the mark, each as one text. */
    List<String> records() throws IOException {
        List<String> records = new ArrayList<>();
        StringBuilder record = new StringBuilder();
        for (String line : (Iterable<String>) text().lines()::iterator) {
            if (recordStart.matcher(line).find() && !record.isEmpty()) {
                records.add(record.toString());
                record.setLength(0);
            }
            record.append(line).append('\n');
        }
        if (!record.isEmpty()) {
            records.add(record.toString());
        }
        return records;
    }

    /** The error records logged since the mark. */
    List<String> errors() throws IOException {
        return records().stream().filter(record -> errorStart.matcher(record).find()).toList();
    }
}
