package dev.txmq.crash.app;

/** The event the crash tests publish and consume: one per row of {@code crash_orders}. */
public record Order(String orderId) {

    /** Consumed by {@link OrderConsumer}. */
    public static final String ORDERS = "crash-orders";
    /** Never consumed: the tests count it from outside. */
    public static final String AUDIT = "crash-audit";
    /** Sent by {@link OrderConsumer} in its delivery transaction; never consumed. */
    public static final String SHIPPED = "crash-shipped";
    /** Consumed by {@link PoisonConsumer}, which always fails. */
    public static final String POISON = "crash-poison";
}
