package dev.txmq.arquillian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;

import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.txmq.arquillian.badconfig.NegativeAttemptsHandler;
import dev.txmq.arquillian.badconfig.NoDestinationHandler;
import dev.txmq.arquillian.badconfig.UnknownExceptionHandler;
import dev.txmq.testkit.PostgresExtension;

/**
 * An invalid activation config fails the deployment of its message-driven bean, with a message that
 * names the property and the value; the failed deployment leaves nothing behind on the server.
 */
@ExtendWith(PostgresExtension.class) // the server's datasource points at this PostgreSQL, whichever class starts it
@ExtendWith(ArquillianExtension.class)
abstract class BadActivationConfigSuite {

    @ArquillianResource
    private Deployer deployer;

    abstract TargetServer server();

    @Test
    void aMissingDestinationFailsTheDeployment() throws Exception {
        assertThat(failureOfDeploying("no-destination")).contains("destination").contains("required");
    }

    @Test
    void aNegativeMaxDeliveryAttemptsFailsTheDeployment() throws Exception {
        assertThat(failureOfDeploying("negative-attempts")).contains("maxDeliveryAttempts").contains("-1");
    }

    @Test
    void anUnknownNonRetryableExceptionFailsTheDeployment() throws Exception {
        assertThat(failureOfDeploying("unknown-exception"))
                .contains("nonRetryableExceptions").contains("com.example.NoSuchException");
    }

    /**
     * Deploys {@code name}, expecting it to fail; returns the messages of the failure's causes and what
     * the server logged meanwhile (WildFly answers the deployer with the adapter's message, Payara with
     * "see server.log"). The server rolls a failed deployment back: the test checks it is gone,
     * undeploying it otherwise.
     */
    private String failureOfDeploying(String name) throws Exception {
        ServerLog log = server().log();
        Throwable failure = catchThrowable(() -> deployer.deploy(name));
        try {
            assertThat(failure).as("deploying " + name).isNotNull();
            assertThat(server().deployments()).as("deployments after the failure").doesNotContain(name);
            return messages(failure) + "\n logged: " + log.text();
        } finally {
            if (server().deployments().contains(name)) {
                deployer.undeploy(name);
            }
        }
    }

    private static String messages(Throwable failure) {
        List<String> messages = new ArrayList<>();
        for (Throwable cause = failure; cause != null && !messages.contains(String.valueOf(cause)); cause = cause.getCause()) {
            messages.add(String.valueOf(cause));
        }
        return String.join("\n caused by ", messages);
    }

    static JavaArchive noDestination(TargetServer server) {
        return beanJar(server, "no-destination.jar", NoDestinationHandler.class);
    }

    static JavaArchive negativeAttempts(TargetServer server) {
        return beanJar(server, "negative-attempts.jar", NegativeAttemptsHandler.class);
    }

    static JavaArchive unknownException(TargetServer server) {
        return beanJar(server, "unknown-exception.jar", UnknownExceptionHandler.class);
    }

    private static JavaArchive beanJar(TargetServer server, String name, Class<?> bean) {
        return server.deployable(ShrinkWrap.create(JavaArchive.class, name).addClass(bean));
    }
}
