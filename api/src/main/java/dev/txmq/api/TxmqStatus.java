package dev.txmq.api;

import java.util.ArrayList;
import java.util.List;

/**
 * What the adapter is doing now, for readiness checks: whether its broker answers and whether every
 * message-driven bean bound to it is consuming.
 *
 * @param broker the broker, as the adapter names it ("the embedded broker", "the broker at tcp://...")
 * @param brokerReachable whether a connection to the broker could be opened just now
 * @param consumers one entry per active message-driven bean
 */
public record TxmqStatus(String broker, boolean brokerReachable, List<Consumer> consumers) {

    /**
     * One message-driven bean's consumers.
     *
     * @param queue the queue it consumes
     * @param sessions how many sessions it consumes with (its maxSessions)
     * @param consuming false while its sessions have lost the broker and are reconnecting
     */
    public record Consumer(String queue, int sessions, boolean consuming) {}

    public TxmqStatus {
        consumers = List.copyOf(consumers);
    }

    /** Ready to take work: the broker answers and every bean consumes. */
    public boolean ready() {
        return problems().isEmpty();
    }

    /** Why it is not ready, one sentence each; empty when ready. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!brokerReachable) {
            problems.add(broker + " cannot be reached");
        }
        consumers.stream().filter(consumer -> !consumer.consuming())
                .forEach(consumer -> problems.add("the consumers of " + consumer.queue() + " are reconnecting"));
        return problems;
    }
}
