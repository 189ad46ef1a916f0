package dev.txmq.console;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.txmq.api.Queues;
import dev.txmq.api.TxmqStatus;

/** {@code GET /api/status}: broker reachable, every message-driven bean consuming; what {@link TxmqReadiness} reports. */
@Path("status")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {

    @Resource(lookup = "java:comp/env/txmq/Queues")
    private Queues queues;

    @GET
    public TxmqStatus status() {
        return queues.status();
    }
}
