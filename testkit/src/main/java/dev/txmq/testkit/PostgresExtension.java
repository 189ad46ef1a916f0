package dev.txmq.testkit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the JVM's {@link TestPostgres#shared() shared} PostgreSQL before a test class's
 * {@code @BeforeAll} methods run:
 *
 * <pre>{@code
 * @ExtendWith(PostgresExtension.class)
 * class OutboxTest {
 *     @BeforeAll static void schema() throws SQLException { ... TestPostgres.shared().dataSource() ... }
 * }
 * }</pre>
 *
 * The server outlives the class and is shared by every test class in the JVM; it stops at JVM exit.
 */
public final class PostgresExtension implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        TestPostgres.shared();
    }
}
