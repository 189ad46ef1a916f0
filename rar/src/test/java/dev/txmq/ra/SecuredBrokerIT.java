package dev.txmq.ra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.reader.TextMessageUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.txmq.api.BrokerUnavailableException;
import dev.txmq.ra.stubs.StandaloneAdapter;

/**
 * A broker that needs a login and speaks TLS: the embedded broker with the adapter's user and a TLS
 * acceptor (a self-signed certificate this test makes with keytool), and adapters reaching it as an
 * external broker with the right and the wrong password and trust store. The passwords (the user's,
 * the key store's, the trust store's) never show in an error, a log record or the adapter's toString.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecuredBrokerIT {

    private static final String USER = "txmq-app";
    private static final String PASSWORD = "Broker-secret-1";
    private static final String KEY_STORE_PASSWORD = "Keystore-secret-2";
    private static final String TRUST_STORE_PASSWORD = "Truststore-secret-3";

    private final Path dir = Path.of("target", "tls-" + UUID.randomUUID());
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler recorder = new Handler() {
        @Override public void publish(LogRecord record) { logged.add(String.valueOf(record.getMessage())); }
        @Override public void flush() { }
        @Override public void close() { }
    };
    private final String queue = "secured-" + UUID.randomUUID().toString().substring(0, 8);
    private String port;
    private StandaloneAdapter broker;

    @BeforeAll
    void startBroker() throws Exception {
        Files.createDirectories(dir);
        Logger.getLogger("dev.txmq").addHandler(recorder);
        keyPair("broker", "broker.p12");
        trust("broker", "broker.p12", "trust.p12");
        keyPair("other", "other.p12");
        trust("other", "other.p12", "wrong-trust.p12");
        port = Integer.toString(StandaloneAdapter.freePort());
        String acceptor = "tcp://127.0.0.1:" + port + "?sslEnabled=true&keyStorePath=" + dir.resolve("broker.p12").toAbsolutePath()
                + "&keyStorePassword=" + KEY_STORE_PASSWORD + "&keyStoreType=PKCS12";
        broker = StandaloneAdapter.configured(acceptor, adapter -> {
            adapter.setDataDirectory(dir.resolve("journal").toString());
            adapter.setAcceptorUrl(acceptor);
            adapter.setUser(USER);
            adapter.setPassword(PASSWORD);
        });
    }

    @AfterAll
    void stopBroker() throws Exception {
        broker.close();
        Logger.getLogger("dev.txmq").removeHandler(recorder);
    }

    private String url(String trustStore) {
        return "tcp://127.0.0.1:" + port + "?sslEnabled=true&trustStorePath=" + dir.resolve(trustStore).toAbsolutePath()
                + "&trustStorePassword=" + TRUST_STORE_PASSWORD + "&trustStoreType=PKCS12";
    }

    @Test
    void theEmbeddedBrokerWithAUserServesTheAdapterAndClientsThatLogInOverTls() throws Exception {
        broker.factory().createPublisher().send(queue, "in-vm, logged in");
        try (StandaloneAdapter external = StandaloneAdapter.configured(url("trust.p12"), adapter -> {
            adapter.setBrokerUrl(url("trust.p12"));
            adapter.setUser(USER);
            adapter.setPassword(PASSWORD);
        })) {
            external.factory().createPublisher().send(queue, "over TLS, logged in");
        }
        assertThat(receive(USER, PASSWORD, 2)).containsExactly("\"in-vm, logged in\"", "\"over TLS, logged in\"");
        assertThat(String.join("\n", logged)).contains("clients must log in as " + USER);
        assertNoSecretIn(String.join("\n", logged) + broker.adapter());
    }

    @Test
    void aClientWithoutTheUsersPasswordIsRefused() {
        assertThatThrownBy(() -> receive(USER, "wrong", 1)).isInstanceOf(ActiveMQSecurityException.class);
        assertThatThrownBy(() -> receive(null, null, 1)).isInstanceOf(ActiveMQSecurityException.class);
    }

    @Test
    void aWrongPasswordFailsTheSendNamingTheBrokerAndTheUser() throws Exception {
        try (StandaloneAdapter external = StandaloneAdapter.configured(url("trust.p12"), adapter -> {
            adapter.setBrokerUrl(url("trust.p12"));
            adapter.setUser(USER);
            adapter.setPassword("Wrong-password-4");
        })) {
            Throwable failure = catchSend(external);
            assertThat(failure).isInstanceOf(BrokerUnavailableException.class)
                    .hasMessageContaining("the broker at tcp://127.0.0.1:" + port)
                    .hasMessageContaining("refused txmq's login as user '" + USER + "'")
                    .hasMessageContaining("trustStorePassword=***")
                    .hasMessageNotContaining("Wrong-password-4");
            assertNoSecretIn(failure.getMessage() + external.adapter() + String.join("\n", logged));
        }
    }

    @Test
    void anUntrustedCertificateFailsTheSendNamingTheBrokerAndTheTrustStore() throws Exception {
        try (StandaloneAdapter external = StandaloneAdapter.configured(url("wrong-trust.p12"), adapter -> {
            adapter.setBrokerUrl(url("wrong-trust.p12"));
            adapter.setUser(USER);
            adapter.setPassword(PASSWORD);
        })) {
            Throwable failure = catchSend(external);
            assertThat(failure).isInstanceOf(BrokerUnavailableException.class)
                    .hasMessageContaining("the broker at tcp://127.0.0.1:" + port)
                    .hasMessageContaining("trust store (trustStorePath) holds its certificate");
            assertNoSecretIn(failure.getMessage() + external.adapter() + String.join("\n", logged));
        }
    }

    private Throwable catchSend(StandaloneAdapter adapter) {
        try {
            adapter.factory().createPublisher().send(queue, "refused");
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static void assertNoSecretIn(String text) {
        assertThat(text).doesNotContain(PASSWORD).doesNotContain(KEY_STORE_PASSWORD).doesNotContain(TRUST_STORE_PASSWORD);
    }

    /** Consumes {@code count} messages of the queue as a plain Artemis client over TLS. */
    private List<String> receive(String user, String password, int count) throws Exception {
        try (ServerLocator locator = ActiveMQClient.createServerLocator(url("trust.p12"));
             ClientSessionFactory factory = locator.createSessionFactory();
             ClientSession session = factory.createSession(user, password, false, true, true, false, 0)) {
            session.start();
            List<String> bodies = new ArrayList<>();
            try (ClientConsumer consumer = session.createConsumer(queue)) {
                for (int n = 0; n < count; n++) {
                    ClientMessage message = consumer.receive(TimeUnit.SECONDS.toMillis(10));
                    if (message == null) {
                        break;
                    }
                    message.acknowledge();
                    bodies.add(TextMessageUtil.readBodyText(message.getBodyBuffer()).toString());
                }
            }
            return bodies;
        }
    }

    private void keyPair(String alias, String store) throws Exception {
        keytool("-genkeypair", "-alias", alias, "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12", "-keystore", store,
                "-storepass", KEY_STORE_PASSWORD);
    }

    private void trust(String alias, String keyStore, String trustStore) throws Exception {
        keytool("-exportcert", "-rfc", "-alias", alias, "-keystore", keyStore, "-storepass", KEY_STORE_PASSWORD,
                "-file", alias + ".crt");
        keytool("-importcert", "-noprompt", "-alias", alias, "-file", alias + ".crt", "-storetype", "PKCS12",
                "-keystore", trustStore, "-storepass", TRUST_STORE_PASSWORD);
    }

    private void keytool(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(arguments));
        Process keytool = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        if (keytool.waitFor() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", arguments) + " failed: " + output);
        }
    }
}
