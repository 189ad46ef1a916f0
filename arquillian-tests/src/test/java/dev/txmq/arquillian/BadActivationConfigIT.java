package dev.txmq.arquillian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;

import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.controller.client.ModelControllerClient;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
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
@ExtendWith(PostgresExtension.class) // WildFly's datasource points at this PostgreSQL, whichever class starts it
@ExtendWith(ArquillianExtension.class)
class BadActivationConfigIT {

    @ArquillianResource
    private Deployer deployer;

    @Deployment(name = "no-destination", managed = false, testable = false)
    static JavaArchive noDestination() {
        return beanJar("no-destination.jar", NoDestinationHandler.class);
    }

    @Deployment(name = "negative-attempts", managed = false, testable = false)
    static JavaArchive negativeAttempts() {
        return beanJar("negative-attempts.jar", NegativeAttemptsHandler.class);
    }

    @Deployment(name = "unknown-exception", managed = false, testable = false)
    static JavaArchive unknownException() {
        return beanJar("unknown-exception.jar", UnknownExceptionHandler.class);
    }

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
     * Deploys {@code name}, expecting it to fail; returns the messages of the failure's causes. The
     * server rolls a failed deployment back: the test checks it is gone, undeploying it otherwise.
     */
    private String failureOfDeploying(String name) throws Exception {
        Throwable failure = catchThrowable(() -> deployer.deploy(name));
        try {
            assertThat(failure).as("deploying " + name).isNotNull();
            assertThat(deployments()).as("deployments after the failure").doesNotContain(name + ".jar");
            return messages(failure);
        } finally {
            if (deployments().contains(name + ".jar")) {
                deployer.undeploy(name);
            }
        }
    }

    private List<String> deployments() throws Exception {
        ModelNode operation = new ModelNode();
        operation.get("operation").set("read-children-names");
        operation.get("child-type").set("deployment");
        ModelNode result;
        try (ModelControllerClient management = ModelControllerClient.Factory.create("127.0.0.1", 9990)) {
            result = management.execute(operation);
        }
        assertThat(result.get("outcome").asString()).as(result.toString()).isEqualTo("success");
        return result.get("result").asList().stream().map(ModelNode::asString).toList();
    }

    private static String messages(Throwable failure) {
        List<String> messages = new ArrayList<>();
        for (Throwable cause = failure; cause != null && !messages.contains(String.valueOf(cause)); cause = cause.getCause()) {
            messages.add(String.valueOf(cause));
        }
        return String.join("\n caused by ", messages);
    }

    private static JavaArchive beanJar(String name, Class<?> bean) {
        return ShrinkWrap.create(JavaArchive.class, name).addClass(bean)
                .setManifest(new StringAsset("Manifest-Version: 1.0\nDependencies: deployment.txmq.rar\n"));
    }
}
