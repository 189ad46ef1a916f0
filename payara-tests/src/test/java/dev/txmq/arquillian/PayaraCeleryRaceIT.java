package dev.txmq.arquillian;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** {@link CeleryRaceSuite} on Payara. */
class PayaraCeleryRaceIT extends CeleryRaceSuite {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return welcome(Payara.SERVER);
    }

    @Override
    TargetServer server() {
        return Payara.SERVER;
    }
}
