package dev.txmq.console;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;

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
