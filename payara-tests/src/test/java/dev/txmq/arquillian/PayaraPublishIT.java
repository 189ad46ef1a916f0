package dev.txmq.arquillian;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** {@link PublishSuite} on Payara. */
class PayaraPublishIT extends PublishSuite {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return orders(Payara.SERVER);
    }

    @Override
    TargetServer server() {
        return Payara.SERVER;
    }
}
