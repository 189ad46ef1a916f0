package dev.txmq.sample.web;

import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Answers every failure of {@code /api} with a problem detail ({@link Problems} says which). A
 * txmq failure's message is the detail; an unexpected failure gets a generic detail naming an
 * incident id, and the cause is logged under that id. Validation failures: {@link ViolationMapper}.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class.getName());

    @Context
    private UriInfo request;

    @Override
    public Response toResponse(Throwable failure) {
        return answer(failure, request.getRequestUri().getPath());
    }

    /** The problem detail for {@code failure} of the request for {@code instance}, logged as its status calls for. */
    static Response answer(Throwable failure, String instance) {
        String incident = UUID.randomUUID().toString();
        Problem problem = Problems.of(failure, instance, incident);
        log(failure, problem, incident);
        Response.ResponseBuilder response = failure instanceof WebApplicationException http && problem.status() < 500
                ? Response.fromResponse(http.getResponse()) // keeps headers such as Allow
                : Response.status(problem.status());
        return response.entity(problem).type(Problem.MEDIA_TYPE).build();
    }

    private static void log(Throwable failure, Problem problem, String incident) {
        if (problem.type().equals(Problems.UNEXPECTED) && problem.status() >= 500) {
            LOG.log(Level.SEVERE, "Unexpected failure, incident " + incident + ", answered 500 to " + problem.instance()
                    + "; a transaction it ran in rolled back", failure);
        } else if (problem.status() >= 500) {
            LOG.warning(() -> "Answered " + problem.status() + " to " + problem.instance() + ": " + problem.detail()
                    + "; a transaction it ran in rolled back: nothing was saved or sent");
        }
    }
}
