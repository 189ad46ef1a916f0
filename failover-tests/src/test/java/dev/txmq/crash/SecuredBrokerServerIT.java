package dev.txmq.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * WildFly with txmq on an Artemis broker (the distribution) that requires a login and speaks only TLS,
 * with a certificate the test makes. The broker password is not in WildFly's configuration: it is an
 * Elytron encrypted expression ({@code ${ENC::...}}) whose key lives in a credential store, set up with
 * WildFly's own management operations as an operator would. Orders commit with their messages; the
 * password shows in neither the configuration nor the log; with the wrong password an order fails
 * with an error that names the broker and the user.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecuredBrokerServerIT {

    private static final String USER = "txmq-app";
    private static final String PASSWORD = "Broker-secret-1";
    private static final String KEY_STORE_PASSWORD = "Keystore-secret-2";
    private static final String TRUST_STORE_PASSWORD = "Truststore-secret-3";

    private final Path dir = Path.of(System.getProperty("failover.brokers.dir"), "secured").toAbsolutePath();
    private final Path home = Path.of(System.getProperty("jboss.home"));
    private final int offset = Integer.getInteger("failover.second.port.offset");
    private ArtemisBroker broker;
    private WildFlyServer server;
    private Ledger ledger;

    @BeforeAll
    void start() throws Exception {
        Files.createDirectories(dir);
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname",
                "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12", "-keystore", "broker.p12",
                "-storepass", KEY_STORE_PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "broker", "-keystore", "broker.p12", "-storepass", KEY_STORE_PASSWORD,
                "-file", "broker.crt");
        keytool("-importcert", "-noprompt", "-alias", "broker", "-file", "broker.crt", "-storetype", "PKCS12",
                "-keystore", "trust.p12", "-storepass", TRUST_STORE_PASSWORD);
        int port = Integer.getInteger("failover.secured.port");
        broker = ArtemisBroker.create("secured", dir, port, List.of("--user", USER, "--password", PASSWORD, "--require-login"));
        String plain = "tcp://127.0.0.1:" + port + "?";
        broker.editConfiguration(xml -> xml.replace("<acceptor name=\"artemis\">" + plain, "<acceptor name=\"artemis\">" + plain
                + "sslEnabled=true;keyStorePath=" + dir.resolve("broker.p12") + ";keyStorePassword=" + KEY_STORE_PASSWORD
                + ";keyStoreType=PKCS12;"));
        broker.startActive();
        String url = "tcp://127.0.0.1:" + port + "?sslEnabled=true&trustStorePath=" + dir.resolve("trust.p12")
                + "&trustStorePassword=" + TRUST_STORE_PASSWORD + "&trustStoreType=PKCS12";
        Ledger.createTables();
        ledger = new Ledger(List.of(url), USER, PASSWORD);
        server = new WildFlyServer("secured", offset, List.of("-Dtxmq.crash.broker.url=" + url));
        server.installApp();
        server.start("secured");
        // the operator's part: a credential store with a secret key, and an expression resolver using it
        cli("/subsystem=elytron/secret-key-credential-store=txmq:add(path=txmq.cs, relative-to=jboss.server.data.dir,"
                        + " create=true, populate=true)",
                "/subsystem=elytron/expression=encryption:add(resolvers=[{name=txmq, credential-store=txmq, secret-key=key}])");
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    @Order(2)
    void thePasswordFromTheCredentialStoreLogsInOverTlsAndIsNeverShown() throws Exception {
        setCredentials(encrypt(PASSWORD));
        String run = FailoverLoad.run("secured");
        OrderClient client = new OrderClient(server);
        var answer = client.answer(run + "-1").orElseThrow();
        var second = client.answer(run + "-2").orElseThrow();

        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(answer.status()).as("an order over TLS, logged in (%s)", answer.body()).isEqualTo(204);
        softly.assertThat(second.status()).as("another (%s)", second.body()).isEqualTo(204);
        Outcome outcome = Invariants.settle(ledger, run);
        outcome.record("secured", "TLS and a login, the password an Elytron encrypted expression");
        Invariants.check(outcome, softly);
        softly.assertThat(outcome.rows()).as("orders committed").isEqualTo(2);
        String configuration = Files.readString(home.resolve("standalone-secured/configuration/standalone-full.xml"));
        softly.assertThat(configuration).as("WildFly's configuration").contains("${ENC::txmq:").doesNotContain(PASSWORD);
        softly.assertThat(Files.readString(server.console())).as("WildFly's log").doesNotContain(PASSWORD)
                .doesNotContain(TRUST_STORE_PASSWORD);
        softly.assertAll();
    }

    @Test
    @Order(1)
    void aWrongPasswordFailsTheOrderNamingTheBrokerAndTheUser() throws Exception {
        setCredentials(encrypt("Wrong-password-4"));
        var answer = new OrderClient(server).answer(FailoverLoad.run("secured-refused")).orElseThrow();

        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.body()).contains("the broker at tcp://127.0.0.1:" + Integer.getInteger("failover.secured.port"))
                .contains("refused txmq's login as user '" + USER + "'").contains("trustStorePassword=***")
                .doesNotContain("Wrong-password-4").doesNotContain(TRUST_STORE_PASSWORD);
    }

    /** The encrypted expression of {@code clearText}, made by the server from its credential store's key. */
    private String encrypt(String clearText) throws Exception {
        String output = cli("/subsystem=elytron/expression=encryption:create-expression(resolver=txmq, clear-text=" + clearText + ")");
        Matcher expression = Pattern.compile("\\$\\{ENC::[^}]+}").matcher(output);
        if (!expression.find()) {
            throw new IllegalStateException("create-expression answered no expression: " + output);
        }
        return expression.group();
    }

    /** Sets the adapter's user and password (an expression) and restarts the server, which a resource adapter's properties need. */
    private void setCredentials(String passwordExpression) throws Exception {
        String properties = "/subsystem=resource-adapters/resource-adapter=txmq.rar/config-properties=";
        cli("if (outcome == success) of " + properties + "user:read-resource", properties + "user:remove", "end-if",
                "if (outcome == success) of " + properties + "password:read-resource", properties + "password:remove", "end-if",
                properties + "user:add(value=" + USER + ")", properties + "password:add(value=\"" + passwordExpression + "\")");
        server.stop();
        server.start("secured");
    }

    private String cli(String... commands) throws Exception {
        Path file = dir.resolve("commands.cli");
        Files.write(file, List.of(commands), StandardCharsets.UTF_8);
        Process cli = new ProcessBuilder(home.resolve("bin/jboss-cli.sh").toString(), "-c",
                "--controller=127.0.0.1:" + (9990 + offset), "--file=" + file).redirectErrorStream(true).start();
        String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!cli.waitFor(120, TimeUnit.SECONDS) || cli.exitValue() != 0) {
            throw new IllegalStateException("jboss-cli failed on " + String.join("; ", commands) + ":\n" + output);
        }
        return output;
    }

    private void keytool(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(arguments));
        Process keytool = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (keytool.waitFor() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", arguments) + " failed: " + output);
        }
    }
}
