package dev.txmq.crash;

/**
 * {@link HaFailoverSuite} on Payara: the active broker killed at random, before txmq's branch ended and
 * after every branch was prepared; with {@code -Dfailover.all=true} also the kill in commit (the same
 * recovery path as after prepare), the orderly failover and failback and the frozen primary (which
 * exercise the broker and the client more than the server).
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
