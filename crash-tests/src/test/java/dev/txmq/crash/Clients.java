package dev.txmq.crash;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

/**
 * Client threads that each place orders one after another, with ids {@code RUN-cN-I}, until stopped
 * or until their {@link Order} says to give up. What to do with each answer is the test's business.
 */
final class Clients {

    /** Places the order {@code id}; false ends this client (e.g. the server is gone). */
    @FunctionalInterface
    interface Order {
        boolean place(String id) throws InterruptedException;
    }

    private final AtomicBoolean stopped = new AtomicBoolean();
    private List<Thread> threads;

    private Clients() {}

    static Clients start(int count, String run, Order order) {
        Clients clients = new Clients();
        clients.threads = IntStream.range(0, count).mapToObj(n -> {
            Thread thread = new Thread(() -> clients.placeOrders(order, run + "-c" + n + "-"), "client-" + n);
            thread.start();
            return thread;
        }).toList();
        return clients;
    }

    private void placeOrders(Order order, String prefix) {
        try {
            for (int n = 0; !stopped.get(); n++) {
                if (!order.place(prefix + n)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void stop() throws InterruptedException {
        stopped.set(true);
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(70));
        }
    }
}
