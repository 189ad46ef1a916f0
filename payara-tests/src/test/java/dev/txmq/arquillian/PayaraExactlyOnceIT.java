package dev.txmq.arquillian;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** {@link ExactlyOnceSuite} on Payara. */
class PayaraExactlyOnceIT extends ExactlyOnceSuite {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ledger(Payara.SERVER);
    }

    @Override
    TargetServer server() {
        return Payara.SERVER;
    }
}
