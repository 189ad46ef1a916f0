package dev.txmq.arquillian.samples;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import dev.txmq.testkit.TestPostgres;

/** Reads the samples' tables in the test PostgreSQL, from outside the server (plain JDBC, committed rows only). */
final class SampleTables {

    private SampleTables() {}


    /** A row of welcome_emails. */
    record WelcomeEmail(String email, String messageId, int attempt) {}

    static long count(String query, String... parameters) throws SQLException {
        return rows(query, parameters, r -> r.getLong(1)).get(0);
    }

    /** The queues whose consumers processed a message with this correlation id, sorted, once per row. */
    static List<String> processedQueues(String correlationId) throws SQLException {
        return rows("SELECT queue FROM processed WHERE correlation_id = ? ORDER BY queue", new String[] {correlationId},
                r -> r.getString(1));
    }

    static List<WelcomeEmail> welcomeEmails(String userId) throws SQLException {
        return rows("SELECT email, message_id, attempt FROM welcome_emails WHERE user_id = ?", new String[] {userId},
                r -> new WelcomeEmail(r.getString(1), r.getString(2), r.getInt(3)));
    }

    private interface Row<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private static <T> List<T> rows(String query, String[] parameters, Row<T> row) throws SQLException {
        try (Connection connection = TestPostgres.shared().dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(query)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                List<T> list = new ArrayList<>();
                while (rows.next()) {
                    list.add(row.read(rows));
                }
                return list;
            }
        }
    }
}
