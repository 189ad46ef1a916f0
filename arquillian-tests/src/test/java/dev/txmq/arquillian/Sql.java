package dev.txmq.arquillian;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import dev.txmq.testkit.TestPostgres;

/** Reads and prepares the test PostgreSQL from outside the server (plain JDBC, autocommit). */
final class Sql {

    private Sql() {}

    static void execute(String... statements) throws SQLException {
        try (Connection connection = TestPostgres.shared().dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /** The single number {@code query} returns, with {@code parameters} bound as strings. */
    static long number(String query, String... parameters) throws SQLException {
        try (Connection connection = TestPostgres.shared().dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(query)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
