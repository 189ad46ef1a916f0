package dev.txmq.sample.ejb;

import java.time.LocalDateTime;

/**
 * A news item on the queue {@code news}, as in the Django STOMP blog (seed 000), plus the sample's
 * switch {@code fail}: {@value #NONE} (scenario 1), {@value #SECOND_SEND} (scenario 2: the second
 * send fails) or {@value #COMPUTATION} (scenario 3: the computation fails before any send).
 */
public record News(String ownerId, String title, boolean saltAddicted, LocalDateTime registeredAt, String fail) {

    public static final String NONE = "none";
    public static final String SECOND_SEND = "second-send";
    public static final String COMPUTATION = "computation";

    boolean fails(String how) {
        return how.equals(fail);
    }
}
