package dev.txmq.console;

import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import dev.txmq.api.BrokerUnavailableException;
import dev.txmq.api.InvalidSelectionException;
import dev.txmq.api.TxmqException;
import dev.txmq.api.UnknownQueueException;

/**
 * Answers every failure with an RFC 9457 problem detail: 404 for an unknown queue, 400 for a bad
 * selection, 503 when the broker cannot be reached, 500 (logged) for anything else.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class.getName());
    private static final MediaType PROBLEM = MediaType.valueOf("application/problem+json");

    /** A problem detail. */
    public record Problem(String title, int status, String detail, String instance) {}

    @Context
    private UriInfo uri;

    @Override
    public Response toResponse(Throwable failure) {
        String path = uri.getPath();
        if (failure instanceof WebApplicationException http) {
            Response.StatusType status = http.getResponse().getStatusInfo();
            return problem(status, status.getReasonPhrase(), failure.getMessage(), path);
        }
        if (failure instanceof UnknownQueueException) {
            return problem(Response.Status.NOT_FOUND, "Unknown queue", failure.getMessage(), path);
        }
        if (failure instanceof InvalidSelectionException) {
            return problem(Response.Status.BAD_REQUEST, "Invalid request", failure.getMessage(), path);
        }
        if (failure instanceof BrokerUnavailableException) {
            return problem(Response.Status.SERVICE_UNAVAILABLE, "Broker unavailable", failure.getMessage(), path);
        }
        LOG.log(Level.SEVERE, "txmq console: " + path + " failed; a replay or purge in progress stopped after its"
                + " last committed chunk, nothing in it is lost or duplicated", failure);
        String detail = failure instanceof TxmqException ? failure.getMessage() : "Unexpected failure: " + failure;
        return problem(Response.Status.INTERNAL_SERVER_ERROR, "Operation failed", detail, path);
    }

    static Response problem(Response.StatusType status, String title, String detail, String instance) {
        return Response.status(status).type(PROBLEM)
                .entity(new Problem(title, status.getStatusCode(), detail, instance)).build();
    }
}
