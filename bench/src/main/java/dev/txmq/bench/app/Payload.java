package dev.txmq.bench.app;

/**
 * The message body of every workload: about 1 KiB of JSON once written (the {@code note} pads it),
 * the same for both contenders.
 */
public record Payload(String tag, long seq, String customer, String item, long amountCents, String note) {

    private static final String NOTE = "x".repeat(900);

    static Payload of(String tag, long seq) {
        return new Payload(tag, seq, "customer-" + (seq % 1000), "item-" + (seq % 97), 1000 + seq % 5000, NOTE);
    }
}
