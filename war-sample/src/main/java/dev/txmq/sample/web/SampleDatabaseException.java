package dev.txmq.sample.web;

import java.sql.SQLException;
import java.util.Set;

/** A statement on the samples' tables failed; the caller's transaction rolls back. */
public class SampleDatabaseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** "Table not found" in PostgreSQL (42P01) and in H2 (42S02, H2's code 42102). */
    private static final Set<String> UNDEFINED_TABLE = Set.of("42P01", "42S02", "42102");

    public SampleDatabaseException(String what, SQLException cause) {
        super(what + ": " + cause.getMessage(), cause);
    }

    /** Whether a table is missing: the ejb-sample, whose {@code Schema} bean creates them, is not deployed (yet). */
    public boolean tableMissing() {
        for (Throwable cause = getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && UNDEFINED_TABLE.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
