package dev.txmq.console;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.txmq.api.QueueStatistics;
import dev.txmq.api.QueuedMessage;
import dev.txmq.api.Queues;
import dev.txmq.api.ReplayResult;
import dev.txmq.api.Selection;

/**
 * The operations API as JSON: {@code GET} reads, {@code POST}/{@code DELETE} change (and need the
 * {@value CsrfFilter#HEADER} header). Errors answer a problem detail ({@link ProblemMapper}).
 */
@Path("queues")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class QueuesResource {

    @Resource(lookup = "java:comp/env/txmq/Queues")
    private Queues queues;

    /** Failure counts of a dead-letter queue, by exception class (most frequent first) and by hour. */
    public record Failures(Map<String, Long> byException, Map<Instant, Long> byHour) {}

    /** What a purge did (or, for a dry run, would do). */
    public record Purged(long deleted, boolean dryRun) {}

    @GET
    public List<QueueStatistics> all() {
        return queues.statistics();
    }

    @GET
    @Path("{queue}")
    public QueueStatistics one(@PathParam("queue") String queue) {
        return queues.statistics(queue);
    }

    @GET
    @Path("{queue}/messages")
    public List<QueuedMessage> messages(@PathParam("queue") String queue, @QueryParam("offset") @DefaultValue("0") int offset,
                                        @QueryParam("limit") @DefaultValue("50") int limit) {
        return queues.browse(queue, offset, limit);
    }

    @GET
    @Path("{queue}/failures")
    public Failures failures(@PathParam("queue") String queue) {
        return new Failures(queues.failureCounts(queue), queues.failuresByHour(queue));
    }

    @POST
    @Path("{queue}/replay")
    @Consumes(MediaType.APPLICATION_JSON)
    public ReplayResult replay(@PathParam("queue") String queue, SelectionRequest request) {
        return queues.replay(orNone(request).on(queue));
    }

    @POST
    @Path("{queue}/purge")
    @Consumes(MediaType.APPLICATION_JSON)
    public Purged purge(@PathParam("queue") String queue, SelectionRequest request) {
        Selection selection = orNone(request).on(queue);
        return new Purged(queues.purge(selection), selection.isDryRun());
    }

    @DELETE
    @Path("{queue}/messages/{id}")
    public Purged delete(@PathParam("queue") String queue, @PathParam("id") String id) {
        return new Purged(queues.purge(Selection.of(queue).ids(id)), false);
    }

    private static SelectionRequest orNone(SelectionRequest request) {
        return request != null ? request : SelectionRequest.none();
    }
}
