package dev.txmq.arquillian;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** {@link CeleryRaceSuite} on WildFly. */
class WildFlyCeleryRaceIT extends CeleryRaceSuite {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return welcome(WildFly.SERVER);
    }

    @Override
    TargetServer server() {
        return WildFly.SERVER;
    }
}
