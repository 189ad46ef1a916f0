package dev.txmq.arquillian.samples;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** {@link SamplesSuite} on Payara. */
class PayaraSamplesIT extends SamplesSuite {

    @Deployment(name = "ejb-sample", order = 1, testable = false)
    static JavaArchive ejbDeployment() {
        return ejbSample();
    }

    @Deployment(name = "war-sample", order = 2, testable = false)
    static WebArchive warDeployment() {
        return warSample();
    }
}
