package dev.txmq.sample.web;

/**
 * An RFC 9457 problem detail: every error of {@code /api} answers one, as
 * {@value #MEDIA_TYPE}, never a stack trace.
 *
 * @param type a URI naming the kind of problem; {@code about:blank} when the status says it all
 * @param title a short summary of the kind of problem
 * @param status the HTTP status code
 * @param detail what went wrong this time, for a person to read
 * @param instance the path of the request that failed
 */
public record Problem(String type, String title, int status, String detail, String instance) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
