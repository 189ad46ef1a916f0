package dev.txmq.ra;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;

import dev.txmq.api.MalformedMessageException;
import dev.txmq.api.TxmqException;
import dev.txmq.api.UnwritableBodyException;

/** Writes and reads message bodies as JSON with the server's JSON-B; thread-safe. */
public final class JsonCodec {

    private final Jsonb jsonb = JsonbBuilder.create();

    /** @throws UnwritableBodyException naming the queue and the body's type when JSON-B fails */
    public String write(String queue, Object body) {
        try {
            return jsonb.toJson(body);
        } catch (JsonbException | IllegalStateException | UnsupportedOperationException e) {
            throw new UnwritableBodyException("The body of a message to queue '" + queue + "' (a "
                    + body.getClass().getName() + ") cannot be written as JSON: " + rootMessage(e)
                    + ". Send a record, a POJO with public getters, a Map, a List or a String", e);
        } catch (RuntimeException e) {
            // a getter of the application's body threw
            throw new UnwritableBodyException("The body of a message to queue '" + queue + "' (a "
                    + body.getClass().getName() + ") cannot be written as JSON: " + rootMessage(e), e);
        }
    }

    /** @throws MalformedMessageException naming the queue, the message and the type when the JSON does not fit */
    public <T> T read(String queue, String messageId, String json, Class<T> type) {
        try {
            return jsonb.fromJson(json, type);
        } catch (RuntimeException e) {
            throw new MalformedMessageException("The body of message " + messageId + " on queue '" + queue
                    + "' cannot be read as " + type.getName() + ": " + rootMessage(e), e);
        }
    }

    /** Releases JSON-B; it holds no data, so a failure only means a leak until the server stops. */
    void close() {
        try {
            jsonb.close();
        } catch (Exception e) {
            throw new TxmqException("JSON-B did not close cleanly: " + e.getMessage(), e);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
