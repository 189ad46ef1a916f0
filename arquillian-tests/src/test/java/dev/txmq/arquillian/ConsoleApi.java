package dev.txmq.arquillian;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import jakarta.json.Json;
import jakarta.json.JsonStructure;

/** The console's JSON endpoints as a script would call them: BASIC authentication, the console's CSRF header on changes. */
final class ConsoleApi {

    static final String CSRF_HEADER = "X-Txmq-Console";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final URI base;
    private final String authorization;

    /** A user of the console; {@code user} null for an anonymous caller. */
    ConsoleApi(URL console, String user, String password) throws Exception {
        this.base = console.toURI();
        this.authorization = user == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The console's admin user (role txmq-admin), as the build creates it. */
    static ConsoleApi admin(URL console) throws Exception {
        return new ConsoleApi(console, System.getProperty("txmq.test.console.admin"), System.getProperty("txmq.test.console.password"));
    }

    /** A user of the server without role txmq-admin. */
    static ConsoleApi guest(URL console) throws Exception {
        return new ConsoleApi(console, System.getProperty("txmq.test.console.viewer"), System.getProperty("txmq.test.console.password"));
    }

    record Answer(int status, String body) {
        JsonStructure json() {
            return Json.createReader(new StringReader(body)).read();
        }

        long number(String field) {
            return json().asJsonObject().getJsonNumber(field).longValue();
        }
    }

    Answer get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    /** A POST with a JSON body, as the console's page sends it (CSRF header included). */
    Answer post(String path, String json) throws IOException, InterruptedException {
        return send(request(path).header(CSRF_HEADER, "1").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A POST with whatever headers {@code extra} names, pairwise: for the cross-site tests. */
    Answer postWith(String path, String contentType, String body, String... extra) throws IOException, InterruptedException {
        HttpRequest.Builder request = request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < extra.length; i += 2) {
            request.header(extra[i], extra[i + 1]);
        }
        return send(request);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).header("Accept", "application/json");
        return authorization == null ? request : request.header("Authorization", authorization);
    }

    private static Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }
}
