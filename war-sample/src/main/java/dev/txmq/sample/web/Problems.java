package dev.txmq.sample.web;

import java.util.regex.Pattern;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.NoContentException;
import jakarta.ws.rs.core.Response;

import dev.txmq.api.BrokerUnavailableException;
import dev.txmq.api.TxmqException;

/** Which problem detail answers which failure; {@link ProblemMapper} writes and logs it. */
final class Problems {

    static final String INVALID_REQUEST = "urn:txmq:sample:problem:invalid-request";
    static final String MESSAGING_FAILED = "urn:txmq:sample:problem:messaging-failed";
    static final String NOT_READY = "urn:txmq:sample:problem:samples-not-ready";
    static final String UNEXPECTED = "about:blank";

    /** RESTEasy's message code, e.g. "RESTEASY003650: ", left out of the details. */
    private static final Pattern MESSAGE_CODE = Pattern.compile("^[A-Z]+\\d+: ");

    private Problems() {}

    static Problem invalidRequest(String detail, String instance) {
        return new Problem(INVALID_REQUEST, "Invalid request", 400, detail, instance);
    }

    /**
     * @param incident an id for an unexpected failure, which the detail names and the log shows with the cause
     */
    static Problem of(Throwable failure, String instance, String incident) {
        if (find(failure, NoContentException.class) != null) { // Jersey (Payara) rejects an empty body before validation
            return invalidRequest("request body: must not be null", instance);
        }
        if (failure instanceof WebApplicationException http && http.getResponse().getStatus() < 500) {
            int status = http.getResponse().getStatus();
            Response.StatusType reason = Response.Status.fromStatusCode(status);
            return new Problem(UNEXPECTED, reason != null ? reason.getReasonPhrase() : "Client error", status,
                    http.getMessage() == null ? null : MESSAGE_CODE.matcher(http.getMessage()).replaceFirst(""), instance);
        }
        TxmqException messaging = find(failure, TxmqException.class);
        if (messaging != null) {
            int status = messaging instanceof BrokerUnavailableException ? 503 : 500;
            return new Problem(MESSAGING_FAILED, "Messaging failed", status, messaging.getMessage(), instance);
        }
        SampleDatabaseException database = find(failure, SampleDatabaseException.class);
        if (database != null && database.tableMissing()) {
            return new Problem(NOT_READY, "Samples not ready", 503, "The samples' tables do not exist: deploy the"
                    + " ejb-sample too (its Schema bean creates them when it starts)", instance);
        }
        if (failure instanceof ProcessingException) { // RESTEasy's JSON-B provider could not read the body
            return invalidRequest("The request body is not JSON of the shape this resource expects", instance);
        }
        return new Problem(UNEXPECTED, "Internal Server Error", 500, "An unexpected error occurred (incident "
                + incident + "); the server log has its cause", instance);
    }

    /** {@code failure} or its first cause of {@code type}; null if none. */
    static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }
}
