package dev.txmq.arquillian;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** {@link NewsConsumerSuite} on Payara. */
class PayaraNewsConsumerIT extends NewsConsumerSuite {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return news(Payara.SERVER);
    }

    @Override
    TargetServer server() {
        return Payara.SERVER;
    }
}
