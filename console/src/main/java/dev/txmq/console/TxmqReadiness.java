package dev.txmq.console;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.txmq.api.TxmqStatus;
import dev.txmq.api.Queues;

/**
 * txmq's readiness, in MicroProfile Health ({@code /health/ready}: WildFly's management port with the
 * microprofile-health-smallrye subsystem, Payara's HTTP port): DOWN while the broker cannot be reached
 * or a message-driven bean's consumers are reconnecting, so a load balancer or Kubernetes probe stops
 * sending work to this server. A server without MicroProfile Health does not load this class; the
 * console works without it.
 */
@Readiness
@ApplicationScoped
public class TxmqReadiness implements HealthCheck {

    @Resource(lookup = "java:comp/env/txmq/Queues")
    private Queues queues;

    /**
     * Creates the bean, and so looks txmq/Queues up, while the application starts: WildFly calls health
     * checks on a management thread, where the application's java:comp is not there to look it up.
     */
    void startWithTheApplication(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // nothing else: being created is the point
    }

    @Override
    public HealthCheckResponse call() {
        TxmqStatus status = queues.status();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("txmq").status(status.ready())
                .withData("broker", status.broker()).withData("brokerReachable", status.brokerReachable());
        for (TxmqStatus.Consumer consumer : status.consumers()) {
            response.withData("consumer " + consumer.queue(), consumer.consuming() ? "consuming" : "reconnecting");
        }
        return response.build();
    }
}
