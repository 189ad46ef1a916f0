package dev.txmq.crash;

/** {@link KillUnderLoadSuite} on Payara. */
class PayaraKillUnderLoadIT extends KillUnderLoadSuite {

    @Override
    CrashServer server() {
        return new PayaraServer();
    }
}
