package dev.txmq.arquillian.ledger;

/** One message of an exactly-once run: its run and its number in it. */
public record Entry(String run, int seq) {

    public static final String QUEUE = "ledger-it";
    public static final String OUTPUT = "ledger-out-it";
}
