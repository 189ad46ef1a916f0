package dev.txmq.arquillian;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.JavaArchive;

/** {@link BadActivationConfigSuite} on Payara. */
class PayaraBadActivationConfigIT extends BadActivationConfigSuite {

    @Deployment(name = "no-destination", managed = false, testable = false)
    static JavaArchive noDestination() {
        return noDestination(Payara.SERVER);
    }

    @Deployment(name = "negative-attempts", managed = false, testable = false)
    static JavaArchive negativeAttempts() {
        return negativeAttempts(Payara.SERVER);
    }

    @Deployment(name = "unknown-exception", managed = false, testable = false)
    static JavaArchive unknownException() {
        return unknownException(Payara.SERVER);
    }

    @Override
    TargetServer server() {
        return Payara.SERVER;
    }
}
