package dev.txmq.sample.web;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code POST /api/news {"fail":"none|second-send|computation"[,"title":"...","saltAddicted":true]}}
 * publishes a news item: scenario 1, 2 or 3 of the Django STOMP blog. Answers
 * {@code {"messageId":"...","fail":"..."}}; the message id is also the correlation id of the events.
 */
@Path("news")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class NewsResource {

    private static final String DEFAULT_TITLE =
            "All right, so I'm back in high school, standing in the middle of the cafeteria";

    @Inject
    private NewsDesk desk;

    public record NewsRequest(@NotNull @Pattern(regexp = "none|second-send|computation") String fail,
                              @Size(max = 500) String title, boolean saltAddicted) {}

    public record Published(String messageId, String fail) {}

    @POST
    public Published publish(@NotNull @Valid NewsRequest request) {
        String title = request.title() == null || request.title().isBlank() ? DEFAULT_TITLE : request.title();
        return new Published(desk.publish(title, request.saltAddicted(), request.fail()), request.fail());
    }
}
