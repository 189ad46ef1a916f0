package dev.txmq.sample.web;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /api/state}: the newest rows of the samples' tables (orders, users, processed,
 * welcomeEmails, deadLetters), for the page to poll.
 */
@Path("state")
@Produces(MediaType.APPLICATION_JSON)
public class StateResource {

    @Inject
    private SampleState state;

    @GET
    public State read() {
        return state.read();
    }
}
