package dev.txmq.crash;

import java.util.List;

/** {@link HaFailoverSuite} on WildFly: the adapter's brokerUrl is the expression broker-url.cli set, given at start. */
class HaFailoverIT extends HaFailoverSuite {

    @Override
    CrashServer server(String brokerUrl) {
        return new WildFlyServer(List.of("-Dtxmq.crash.broker.url=" + brokerUrl));
    }
}
