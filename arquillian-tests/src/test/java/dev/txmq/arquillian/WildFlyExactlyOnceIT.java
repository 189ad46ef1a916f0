package dev.txmq.arquillian;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** {@link ExactlyOnceSuite} on WildFly. */
class WildFlyExactlyOnceIT extends ExactlyOnceSuite {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ledger(WildFly.SERVER);
    }

    @Override
    TargetServer server() {
        return WildFly.SERVER;
    }
}
