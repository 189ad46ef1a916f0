package dev.txmq.crash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * What one crash left after recovery, for the orders of one run: committed rows, messages published with
 * them (audit), consumer rows and the consumer's messages (shipped), in-doubt branches, duplicates, and
 * orders missing a message or messages missing their order.
 */
record Outcome(String run, int rows, int audit, int consumed, int shipped, List<String> databaseInDoubt,
               List<String> brokerInDoubt, List<String> duplicates, List<String> missing, List<String> orphans) {

    private static final Path RESULTS = Path.of(System.getProperty("crash.config.dir")).resolveSibling("crash-results.md");

    /** Appends one table row to target/crash-results.md (the source of docs/RELIABILITY.md's table). */
    void record(String test, String detail) throws IOException {
        String line = String.format("| %s | %s | %s | %d | %d | %d | %d | %d | %d | %d | %d |%n", test, run, detail, rows,
                audit, consumed, shipped, databaseInDoubt.size() + brokerInDoubt.size(), duplicates.size(),
                missing.size(), orphans.size());
        Files.writeString(RESULTS, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
