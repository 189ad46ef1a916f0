package dev.txmq.arquillian;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jboss.as.controller.client.ModelControllerClient;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WildFly 39 as the build configures it (arquillian-tests/src/test/wildfly and wildfly/install-txmq.cli):
 * applications see txmq's API through {@code Dependencies: deployment.txmq.rar}, MDBs bind to txmq.rar
 * as the ejb3 default resource adapter, and {@code jboss-web.xml} maps the references.
 */
final class WildFly implements TargetServer {

    static final WildFly SERVER = new WildFly();

    private static final Map<String, String> JNDI_NAMES = Map.of("txmq/PublisherFactory", "java:/txmq/PublisherFactory",
            "jdbc/TxmqTestDS", "java:jboss/datasources/TxmqTestDS");
    private static final String MANIFEST = "Manifest-Version: 1.0\nDependencies: deployment.txmq.rar\n";

    private WildFly() {}

    @Override
    public WebArchive deployable(WebArchive archive) {
        String references = REFERENCES.keySet().stream().sorted()
                .map(name -> "    <resource-ref>\n        <res-ref-name>" + name + "</res-ref-name>\n        <jndi-name>"
                        + JNDI_NAMES.get(name) + "</jndi-name>\n    </resource-ref>\n")
                .collect(Collectors.joining());
        return archive.setManifest(new StringAsset(MANIFEST))
                .addAsWebInfResource(new StringAsset("<jboss-web>\n" + references + "</jboss-web>\n"), "jboss-web.xml");
    }

    @Override
    public JavaArchive deployable(JavaArchive archive) {
        return archive.setManifest(new StringAsset(MANIFEST));
    }

    @Override
    public String dataSource() {
        return JNDI_NAMES.get("jdbc/TxmqTestDS");
    }

    @Override
    public ServerLog log() throws Exception {
        return ServerLog.fromNow(Path.of(System.getProperty("jboss.home"), "standalone", "log", "server.log"),
                "^\\d{4}-\\d\\d-\\d\\d \\S+ [A-Z]+ ", "^\\S+ \\S+ ERROR ");
    }

    /** WFLYEJB0034 (an error): "Jakarta Enterprise Beans Invocation failed on component ...". */
    @Override
    public boolean reportsSystemException(String record) {
        return record.contains("WFLYEJB0034");
    }

    @Override
    public List<String> deployments() throws Exception {
        ModelNode operation = new ModelNode();
        operation.get("operation").set("read-children-names");
        operation.get("child-type").set("deployment");
        ModelNode result;
        try (ModelControllerClient management = ModelControllerClient.Factory.create("127.0.0.1", 9990)) {
            result = management.execute(operation);
        }
        assertThat(result.get("outcome").asString()).as(result.toString()).isEqualTo("success");
        return result.get("result").asList().stream().map(ModelNode::asString).map(name -> name.replaceFirst("\\.[jwe]ar$", "")).toList();
    }
}
