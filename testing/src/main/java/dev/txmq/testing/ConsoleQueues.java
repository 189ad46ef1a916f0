package dev.txmq.testing;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import dev.txmq.api.BrokerUnavailableException;
import dev.txmq.api.InvalidSelectionException;
import dev.txmq.api.QueueStatistics;
import dev.txmq.api.QueuedMessage;
import dev.txmq.api.Queues;
import dev.txmq.api.ReplayResult;
import dev.txmq.api.Selection;
import dev.txmq.api.TxmqException;
import dev.txmq.api.TxmqStatus;
import dev.txmq.api.UnknownQueueException;

/**
 * {@link Queues} from outside the server, through the txmq console's JSON endpoints: for client-side
 * tests ({@code @Deployment(testable = false)}) and scripts. The user needs role txmq-admin. Errors
 * come back as the API's exceptions, with the console's detail as their message.
 */
public final class ConsoleQueues implements Queues {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final URI api;
    private final String authorization;

    private ConsoleQueues(URI console, String user, String password) {
        this.api = console.resolve("api/");
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The console at {@code console} (e.g. http://localhost:8080/txmq-console/), as {@code user}. */
    public static ConsoleQueues connect(URI console, String user, String password) {
        String path = console.getPath().endsWith("/") ? console.toString() : console + "/";
        return new ConsoleQueues(URI.create(path), user, password);
    }

    @Override
    public List<QueueStatistics> statistics() {
        return get("queues").asJsonArray().getValuesAs(JsonObject.class).stream().map(ConsoleQueues::statistics).toList();
    }

    @Override
    public QueueStatistics statistics(String queue) {
        return statistics(get("queues/" + encode(queue)).asJsonObject());
    }

    @Override
    public List<QueuedMessage> browse(String queue, int offset, int limit) {
        return get("queues/" + encode(queue) + "/messages?offset=" + offset + "&limit=" + limit).asJsonArray()
                .getValuesAs(JsonObject.class).stream().map(ConsoleQueues::message).toList();
    }

    @Override
    public Map<String, Long> failureCounts(String deadLetterQueue) {
        Map<String, Long> counts = new LinkedHashMap<>();
        failures(deadLetterQueue).getJsonObject("byException").forEach((name, count) -> counts.put(name, number(count)));
        return counts;
    }

    @Override
    public Map<Instant, Long> failuresByHour(String deadLetterQueue) {
        Map<Instant, Long> counts = new LinkedHashMap<>();
        failures(deadLetterQueue).getJsonObject("byHour").forEach((hour, count) -> counts.put(Instant.parse(hour), number(count)));
        return counts;
    }

    @Override
    public ReplayResult replay(Selection selection) {
        JsonObject result = post("queues/" + encode(selection.queue()) + "/replay", json(selection)).asJsonObject();
        return new ReplayResult(result.getJsonNumber("matched").longValue(), result.getJsonNumber("moved").longValue(),
                result.getJsonNumber("keptAtReplayCap").longValue());
    }

    @Override
    public long purge(Selection selection) {
        return post("queues/" + encode(selection.queue()) + "/purge", json(selection)).asJsonObject().getJsonNumber("deleted").longValue();
    }

    @Override
    public TxmqStatus status() {
        JsonObject status = get("status").asJsonObject();
        return new TxmqStatus(status.getString("broker"), status.getBoolean("brokerReachable"),
                status.getJsonArray("consumers").getValuesAs(JsonObject.class).stream()
                        .map(c -> new TxmqStatus.Consumer(c.getString("queue"), c.getInt("sessions"), c.getBoolean("consuming"))).toList());
    }

    private JsonObject failures(String queue) {
        return get("queues/" + encode(queue) + "/failures").asJsonObject();
    }

    private static QueueStatistics statistics(JsonObject q) {
        return new QueueStatistics(q.getString("queue"), q.getJsonNumber("messages").longValue(), q.getJsonNumber("delivering").longValue(),
                q.getJsonNumber("scheduled").longValue(), q.getInt("consumers"), q.getJsonNumber("added").longValue(),
                q.getJsonNumber("acknowledged").longValue(), Duration.parse(q.getString("oldestMessageAge")),
                q.getJsonNumber("deadLetters").longValue());
    }

    private static QueuedMessage message(JsonObject m) {
        Map<String, String> headers = new LinkedHashMap<>();
        m.getJsonObject("headers").forEach((name, value) -> headers.put(name, ((JsonString) value).getString()));
        return new QueuedMessage(m.getString("id"), m.getString("queue"), m.getString("correlationId", null), Map.copyOf(headers),
                m.getString("bodyText", ""), Instant.parse(m.getString("sentAt")));
    }

    private static String json(Selection selection) {
        JsonObjectBuilder json = Json.createObjectBuilder().add("dryRun", selection.isDryRun()).add("force", selection.isForced());
        if (!selection.ids().isEmpty()) {
            json.add("ids", Json.createArrayBuilder(selection.ids()));
        }
        selection.exception().ifPresent(exception -> json.add("exception", exception));
        selection.failedFrom().ifPresent(from -> json.add("failedFrom", from.toString()));
        selection.failedBefore().ifPresent(before -> json.add("failedBefore", before.toString()));
        selection.where().ifPresent(where -> json.add("where", where));
        if (selection.limit() != Long.MAX_VALUE) {
            json.add("limit", selection.limit());
        }
        return json.build().toString();
    }

    private static long number(JsonValue value) {
        return ((JsonNumber) value).longValue();
    }

    private static String encode(String queue) {
        return URLEncoder.encode(queue, StandardCharsets.UTF_8);
    }

    private JsonValue get(String path) {
        return send(HttpRequest.newBuilder(api.resolve(path)).GET());
    }

    private JsonValue post(String path, String body) {
        return send(HttpRequest.newBuilder(api.resolve(path)).header("Content-Type", "application/json")
                .header("X-Txmq-Console", "1").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private JsonValue send(HttpRequest.Builder request) {
        HttpResponse<String> response;
        try {
            response = HTTP.send(request.header("Authorization", authorization).header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new BrokerUnavailableException("The txmq console at " + api + " could not be reached: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TxmqException("Interrupted while calling the txmq console at " + api, e);
        }
        if (response.statusCode() == 200) {
            return Json.createReader(new StringReader(response.body())).readValue();
        }
        String detail = "The txmq console answered " + response.statusCode() + " to " + response.request().method() + " "
                + response.uri() + ": " + problemDetail(response.body());
        throw switch (response.statusCode()) {
            case 400 -> new InvalidSelectionException(detail);
            case 404 -> new UnknownQueueException(detail);
            case 503 -> new BrokerUnavailableException(detail);
            default -> new TxmqException(detail + (response.statusCode() == 401 || response.statusCode() == 403
                    ? " (the user needs role txmq-admin)" : ""));
        };
    }

    private static String problemDetail(String body) {
        try {
            return Json.createReader(new StringReader(body)).readObject().getString("detail", body);
        } catch (RuntimeException notJson) {
            return body.length() > 300 ? body.substring(0, 300) + "..." : body;
        }
    }
}
