package dev.txmq.arquillian.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/** The war-sample's HTTP API, called as the page calls it. */
final class SampleApi {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI page;

    SampleApi(URL page) throws URISyntaxException {
        this.page = page.toURI();
    }

    /** An HTTP answer: status, Content-Type and body. */
    record Answer(int status, String contentType, String body) {

        JsonObject json() {
            try (var reader = Json.createReader(new StringReader(body))) {
                return reader.readObject();
            }
        }
    }

    /** @return the new order's id */
    String placeOrder(String item, int quantity) throws IOException, InterruptedException {
        return ok(post("api/orders", Json.createObjectBuilder().add("item", item).add("quantity", quantity))).getString("orderId");
    }

    /** @return the news item's message id, also the correlation id of what it causes */
    String publishNews(String fail) throws IOException, InterruptedException {
        return ok(post("api/news", Json.createObjectBuilder().add("fail", fail))).getString("messageId");
    }

    /** @return the new user's id; answered once the sign-up committed */
    String signUp(String name, String email, boolean pause, boolean sendFirst) throws IOException, InterruptedException {
        return ok(post("api/signups", Json.createObjectBuilder().add("name", name).add("email", email)
                .add("pause", pause).add("sendFirst", sendFirst))).getString("userId");
    }

    Answer post(String path, JsonObjectBuilder json) throws IOException, InterruptedException {
        return post(path, json.build().toString());
    }

    Answer post(String path, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(page.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Answer get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(page.resolve(path)).GET());
    }

    private static Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
    }

    private static JsonObject ok(Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }
}
