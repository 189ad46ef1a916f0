package dev.txmq.arquillian;

import java.util.List;
import java.util.Map;

import jakarta.ejb.MessageDriven;

import org.jboss.shrinkwrap.api.ArchivePath;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * What the acceptance suites need to know of the server they run on. The suites are the same on
 * every server; each server's subclasses hand them its implementation of this.
 *
 * <p>The test applications look their resources up by reference ({@code @Resource(lookup =
 * "java:comp/env/txmq/PublisherFactory")}, {@code "java:comp/env/jdbc/TxmqTestDS"}); each server's
 * descriptor declares the references ({@link #REFERENCES}) and maps them to its own JNDI names. A bare
 * {@code @Resource(name = ...)} would not do: for a {@code DataSource} without a lookup WildFly may
 * inject its default datasource instead of the mapped one.
 */
interface TargetServer {

    /** The reference names the test applications use. */
    Map<String, String> REFERENCES = Map.of("txmq/PublisherFactory", "dev.txmq.api.PublisherFactory",
            "jdbc/TxmqTestDS", "javax.sql.DataSource");

    /** The archive with what this server needs to see txmq's API, bind the MDBs to txmq and map the references. */
    WebArchive deployable(WebArchive archive);

    /** The same for an ejb-jar. */
    JavaArchive deployable(JavaArchive archive);

    /** The JNDI name of the test XA datasource, as a persistence.xml names it. */
    String dataSource();

    /** The server's log from now on. */
    ServerLog log() throws Exception;

    /** Whether a log record is the report this server logs for each system exception a bean throws. */
    boolean reportsSystemException(String record);

    /** The names of the applications deployed on the server. */
    List<String> deployments() throws Exception;

    /** The message-driven beans among the classes of {@code archive}, by EJB name. */
    static List<String> messageDrivenBeans(Map<ArchivePath, ?> content, String classesRoot) {
        return content.keySet().stream().map(ArchivePath::get)
                .filter(path -> path.startsWith(classesRoot) && path.endsWith(".class"))
                .map(path -> path.substring(classesRoot.length(), path.length() - ".class".length()).replace('/', '.'))
                .map(TargetServer::load)
                .filter(type -> type.isAnnotationPresent(MessageDriven.class))
                .map(type -> {
                    String name = type.getAnnotation(MessageDriven.class).name();
                    return name.isEmpty() ? type.getSimpleName() : name;
                })
                .toList();
    }

    private static Class<?> load(String className) {
        try {
            return Class.forName(className, false, TargetServer.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("A class of the test archive is not on the test class path: " + className, e);
        }
    }
}
