package dev.txmq.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code bin/jboss-cli.sh -c} session kept open for the whole run (local authentication, as the same
 * user), so starting and stopping an MDB costs a round trip, not a JVM start. Each operation is followed
 * by {@code echo} of a marker; its output up to the marker is the operation's answer.
 */
final class ManagementCli implements AutoCloseable {

    private final Process process;
    private final Writer in;
    private final BufferedReader out;
    private int marker;

    ManagementCli(Path home, int managementPort) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/jboss-cli.sh").toString(), "-c",
                "--controller=remote+http://127.0.0.1:" + managementPort).redirectErrorStream(true);
        builder.environment().put("JBOSS_HOME", home.toString());
        process = builder.start();
        in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * Runs {@code operation} and returns its answer.
     *
     * @throws IllegalStateException if the answer is not {@code "outcome" => "success"}
     */
    String run(String operation) throws IOException {
        String done = "bench-done-" + (++marker);
        in.write(operation + "\necho " + done + "\n");
        in.flush();
        List<String> answer = new ArrayList<>();
        for (String line = out.readLine(); line != null && !line.contains(done); line = out.readLine()) {
            answer.add(line);
        }
        String text = String.join("\n", answer);
        if (!text.contains("\"outcome\" => \"success\"")) {
            throw new IllegalStateException("jboss-cli: " + operation + " answered:\n" + text);
        }
        return text;
    }

    @Override
    public void close() throws Exception {
        in.write("quit\n");
        in.flush();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
