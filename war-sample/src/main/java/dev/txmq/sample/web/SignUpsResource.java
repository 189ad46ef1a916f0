package dev.txmq.sample.web;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code POST /api/signups {"name":"Ada","email":"ada@example.com","pause":true,"sendFirst":false}}
 * signs a user up (the Celery flow): {@code {"userId":"..."}}, answered once the transaction committed.
 */
@Path("signups")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class SignUpsResource {

    @Inject
    private SignUps signUps;

    public record SignUp(@NotBlank @Size(max = 200) String name, @NotBlank @Email @Size(max = 320) String email,
                         boolean pause, boolean sendFirst) {}

    public record SignedUp(String userId) {}

    @POST
    public SignedUp signUp(@NotNull @Valid SignUp request) {
        return new SignedUp(signUps.signUp(request.name(), request.email(), request.sendFirst(), request.pause()));
    }
}
