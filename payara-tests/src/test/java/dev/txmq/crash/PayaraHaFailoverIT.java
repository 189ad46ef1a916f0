package dev.txmq.crash;

/**
 * {@link HaFailoverSuite} on Payara: the active broker killed at random and at the three points of
 * two-phase commit; with {@code -Dfailover.all=true} also the orderly failover and failback and the
 * frozen primary (which exercise the broker and the client more than the server).
 */
class PayaraHaFailoverIT extends HaFailoverSuite {

    @Override
    CrashServer server(String brokerUrl) {
        return new PayaraServer(brokerUrl);
    }

    @Override
    boolean runsEveryScenario() {
        return Boolean.getBoolean("failover.all");
    }
}
