package dev.txmq.arquillian;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Payara Server 6 as the build configures it (payara-tests/src/test/payara/configure.sh and
 * payara/install-txmq.sh): {@code web.xml} declares the references, which Payara maps by default to
 * the global JNDI names of the same name ({@code txmq/PublisherFactory}, {@code jdbc/TxmqTestDS}); an
 * application sees txmq's API because it references the adapter's resources or binds MDBs to it; and
 * {@code glassfish-ejb-jar.xml} binds each MDB to the resource adapter {@code txmq}.
 */
final class Payara implements TargetServer {

    static final Payara SERVER = new Payara();

    private static final Path HOME = Path.of(System.getProperty("payara.home"));

    private Payara() {}

    @Override
    public WebArchive deployable(WebArchive archive) {
        String references = REFERENCES.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(reference -> "    <resource-ref>\n        <res-ref-name>" + reference.getKey() + "</res-ref-name>\n"
                        + "        <res-type>" + reference.getValue() + "</res-type>\n"
                        // without it Payara takes res-auth Application and asks the application for a user and password
                        + "        <res-auth>Container</res-auth>\n    </resource-ref>\n")
                .collect(Collectors.joining());
        archive.setWebXML(new StringAsset("<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\">\n"
                + references + "</web-app>\n"));
        List<String> beans = TargetServer.messageDrivenBeans(archive.getContent(), "/WEB-INF/classes/");
        return beans.isEmpty() ? archive : archive.addAsWebInfResource(new StringAsset(bindings(beans)), "glassfish-ejb-jar.xml");
    }

    @Override
    public JavaArchive deployable(JavaArchive archive) {
        List<String> beans = TargetServer.messageDrivenBeans(archive.getContent(), "/");
        return beans.isEmpty() ? archive : archive.addAsManifestResource(new StringAsset(bindings(beans)), "glassfish-ejb-jar.xml");
    }

    /** Binds each message-driven bean to the resource adapter deployed as txmq. */
    private static String bindings(List<String> beans) {
        return "<glassfish-ejb-jar>\n    <enterprise-beans>\n" + beans.stream()
                .map(bean -> "        <ejb>\n            <ejb-name>" + bean + "</ejb-name>\n            <mdb-resource-adapter>\n"
                        + "                <resource-adapter-mid>txmq</resource-adapter-mid>\n            </mdb-resource-adapter>\n"
                        + "        </ejb>\n")
                .collect(Collectors.joining()) + "    </enterprise-beans>\n</glassfish-ejb-jar>\n";
    }

    @Override
    public String dataSource() {
        return "jdbc/TxmqTestDS";
    }

    @Override
    public ServerLog log() throws Exception {
        return ServerLog.fromNow(HOME.resolve("glassfish/domains/domain1/logs/server.log"), "^\\[\\d{4}-\\d\\d-\\d\\dT",
                "^\\[[^\\]]+\\] \\[[^\\]]+\\] \\[SEVERE\\]");
    }

    /** MDB00037 (a warning, not an error): "Message-driven bean invocation exception". */
    @Override
    public boolean reportsSystemException(String record) {
        return record.contains("MDB00037");
    }

    @Override
    public List<String> deployments() throws Exception {
        Process asadmin = new ProcessBuilder(HOME.resolve("bin/asadmin").toString(), "list-applications", "--terse")
                .redirectErrorStream(true).start();
        String output = new String(asadmin.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(asadmin.waitFor(60, TimeUnit.SECONDS)).as("asadmin list-applications finished").isTrue();
        assertThat(asadmin.exitValue()).as(output).isZero();
        return output.lines().map(line -> line.strip().split("\\s+")[0]).filter(name -> !name.isEmpty()).toList();
    }
}
