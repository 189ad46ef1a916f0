package dev.txmq.crash;

/**
 * {@link ClusterSuite} on Payara: the server killed with branches prepared on both nodes; with
 * {@code -Dfailover.all=true} also a node killed under load and the spread over both nodes.
 */
class PayaraClusterIT extends ClusterSuite {

    @Override
    CrashServer server(String brokerUrl) {
        return new PayaraServer(brokerUrl);
    }

    @Override
    boolean runsEveryScenario() {
        return Boolean.getBoolean("failover.all");
    }
}
