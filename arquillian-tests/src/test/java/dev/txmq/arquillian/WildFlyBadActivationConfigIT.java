package dev.txmq.arquillian;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.JavaArchive;

/** {@link BadActivationConfigSuite} on WildFly. */
class WildFlyBadActivationConfigIT extends BadActivationConfigSuite {

    @Deployment(name = "no-destination", managed = false, testable = false)
    static JavaArchive noDestination() {
        return noDestination(WildFly.SERVER);
    }

    @Deployment(name = "negative-attempts", managed = false, testable = false)
    static JavaArchive negativeAttempts() {
        return negativeAttempts(WildFly.SERVER);
    }

    @Deployment(name = "unknown-exception", managed = false, testable = false)
    static JavaArchive unknownException() {
        return unknownException(WildFly.SERVER);
    }

    @Override
    TargetServer server() {
        return WildFly.SERVER;
    }
}
