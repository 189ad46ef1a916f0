package dev.txmq.crash;

/** {@link ClusterSuite} on Payara. */
class PayaraClusterIT extends ClusterSuite {

    @Override
    CrashServer server(String brokerUrl) {
        return new PayaraServer(brokerUrl);
    }
}
