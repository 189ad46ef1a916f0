package dev.txmq.crash;

import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.UUID;

import org.assertj.core.api.SoftAssertions;

/**
 * One run of a crash point, the same on every server: start the server with the point's Byteman rule,
 * place one order, wait until the rule has halted the server, start it again without the rule, run two
 * recovery passes, wait for the consumer, record the outcome and stop the server.
 */
final class CrashPoint {

    enum Expect { COMMITTED, ROLLED_BACK }

    /** Where the rules are ({@code crash.rules.dir}); each point's is {@code POINT.btm}. */
    static final Path RULES = Path.of(System.getProperty("crash.rules.dir", "src/test/byteman"));
    /** How many times each point runs ({@code crash.point.repetitions}, default 1). */
    static final int REPETITIONS = Integer.getInteger("crash.point.repetitions", 1);
    private static final Duration DEATH_TIMEOUT = Duration.ofSeconds(60);

    /** What a test checks once the halted server is dead, before it starts again (its log is still the halted start's). */
    @FunctionalInterface
    interface Check {
        void run() throws Exception;
    }

    private CrashPoint() {}

    /**
     * Runs {@code point} once as {@code label} in the results and returns the outcome; the server is
     * stopped afterwards, its current log that of the recovery start.
     */
    static Outcome run(CrashServer server, Ledger ledger, String point, int repetition, Expect expected, String label,
                       Check died) throws Exception {
        String run = point + "-" + repetition + "-" + UUID.randomUUID().toString().substring(0, 8);
        server.startWithRule(point + "-" + repetition, RULES.resolve(point + ".btm"));
        OptionalInt answer = new OrderClient(server).place(run);
        server.awaitDeath(DEATH_TIMEOUT);
        died.run();
        server.start(point + "-" + repetition + "-recovery");
        server.finishInDoubt();
        Outcome outcome = Invariants.settle(ledger, run);
        outcome.record(label, "expected " + expected + ", client "
                + (answer.isPresent() ? "got HTTP " + answer.getAsInt() : "got no answer"));
        server.stop();
        return outcome;
    }

    /** The contract, and the outcome {@code expected}: the run's order committed, or nothing of it. */
    static void check(Outcome outcome, Expect expected, SoftAssertions softly) {
        Invariants.check(outcome, softly);
        softly.assertThat(outcome.rows()).as("committed rows of " + outcome.run() + " (expected " + expected + ")")
                .isEqualTo(expected == Expect.COMMITTED ? 1 : 0);
    }
}
