package dev.txmq.crash;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/** Places orders through the crash app's {@code POST /orders?id=ID}. */
final class OrderClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final CrashServer server;

    OrderClient(CrashServer server) {
        this.server = server;
    }

    /** The HTTP status (204: committed), or empty when the server died before answering. */
    OptionalInt place(String orderId) throws InterruptedException {
        return answer(orderId).map(answer -> OptionalInt.of(answer.status())).orElse(OptionalInt.empty());
    }

    /** The HTTP status and body (on a 500: the exception and its causes), or empty when the server did not answer. */
    Optional<Answer> answer(String orderId) throws InterruptedException {
        return answer(orderId, "");
    }

    /** {@link #answer(String)} with more query parameters ({@code &name=value...}) for the crash app. */
    Optional<Answer> answer(String orderId, String parameters) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(server.appUri("orders?id=" + orderId + parameters))
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return Optional.of(new Answer(response.statusCode(), response.body()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    record Answer(int status, String body) {}
}
