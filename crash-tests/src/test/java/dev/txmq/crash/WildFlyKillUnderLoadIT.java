package dev.txmq.crash;

/** {@link KillUnderLoadSuite} on WildFly. */
class WildFlyKillUnderLoadIT extends KillUnderLoadSuite {

    @Override
    CrashServer server() {
        return new WildFlyServer();
    }
}
