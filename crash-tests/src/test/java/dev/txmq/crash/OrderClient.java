package dev.txmq.crash;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalInt;

/** Places orders through the crash app's {@code POST /orders?id=ID}. */
final class OrderClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final WildFlyServer server;

    OrderClient(WildFlyServer server) {
        this.server = server;
    }

    /** The HTTP status (204: committed), or empty when the server died before answering. */
    OptionalInt place(String orderId) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(server.appUri("orders?id=" + orderId))
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.noBody()).build();
        try {
            return OptionalInt.of(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (IOException e) {
            return OptionalInt.empty();
        }
    }
}
