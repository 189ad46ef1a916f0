package dev.txmq.arquillian;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** {@link NewsConsumerSuite} on WildFly. */
class WildFlyNewsConsumerIT extends NewsConsumerSuite {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return news(WildFly.SERVER);
    }

    @Override
    TargetServer server() {
        return WildFly.SERVER;
    }
}
