package dev.txmq.arquillian;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/** {@link PublishSuite} on WildFly. */
class WildFlyPublishIT extends PublishSuite {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return orders(WildFly.SERVER);
    }

    @Override
    TargetServer server() {
        return WildFly.SERVER;
    }

    /**
     * IJ020016 ("Missing recovery element. XA recovery disabled") is logged when a connection
     * definition has no recovery credentials; Narayana would then never recover txmq's in-doubt branches.
     */
    @Test
    void theServerLogHasNoMissingRecoveryWarning() throws Exception {
        Path log = Path.of(System.getProperty("jboss.home"), "standalone", "log", "server.log");
        assertThat(Files.readString(log)).contains("WFLYJCA0002: Bound Jakarta Connectors ConnectionFactory [java:/txmq/PublisherFactory]")
                .doesNotContain("IJ020016");
    }
}
