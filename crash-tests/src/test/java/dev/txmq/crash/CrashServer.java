package dev.txmq.crash;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A server the crash tests start, kill and restart on the same files, so its transaction log and the
 * broker journal survive the crash as they would in production: {@link WildFlyServer} here, Payara's
 * in payara-tests.
 */
interface CrashServer extends AutoCloseable {

    /** Installs the crash app, so that every start deploys it. */
    void installApp() throws Exception;

    /** Starts the server and waits until the crash app answers. */
    void start(String name) throws Exception;

    /** Starts the server with Byteman's agent running {@code rule}, and waits until the crash app answers. */
    void startWithRule(String name, Path rule) throws Exception;

    /** Waits for the JVM to die by itself (a Byteman rule halted it); fails after {@code timeout}. */
    void awaitDeath(Duration timeout) throws Exception;

    /** SIGKILL: the JVM gets no chance to finish anything. */
    void kill() throws Exception;

    /** An orderly shutdown; nothing if the server is not running. */
    void stop() throws Exception;

    /** Runs a full recovery pass now and returns when it has ended. */
    void scan() throws Exception;

    /**
     * Two recovery passes: enough for everything in doubt after a crash. Narayana rolls an orphan branch back only
     * in a pass after the one that first saw it, and the pass at boot may run before txmq.rar is deployed, so the
     * first pass after a start may be the first to see the adapter's branches.
     */
    default void finishInDoubt() throws Exception {
        scan();
        scan();
    }

    /** The URI of {@code path} in the crash app. */
    URI appUri(String path);

    /** Where the current (or last) start logs. */
    Path console();

    /** The lines of the current start's log that contain {@code text}. */
    List<String> currentConsoleLines(String text) throws Exception;

    @Override
    default void close() throws Exception {
        stop();
    }
}
