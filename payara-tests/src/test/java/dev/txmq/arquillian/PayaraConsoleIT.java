package dev.txmq.arquillian;

import java.net.URI;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** {@link ConsoleSuite} on Payara. */
class PayaraConsoleIT extends ConsoleSuite {

    @Deployment(name = "console", testable = false, order = 1)
    static WebArchive consoleDeployment() {
        return console();
    }

    @Override
    URI readiness() {
        return URI.create("http://127.0.0.1:8080/health/ready");
    }

    @Deployment(name = "replay", testable = false, order = 2)
    static WebArchive replayDeployment() {
        return replayApp(Payara.SERVER);
    }
}
