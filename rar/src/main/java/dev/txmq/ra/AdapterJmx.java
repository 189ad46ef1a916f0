package dev.txmq.ra;

import java.lang.management.ManagementFactory;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import dev.txmq.api.TxmqStatus;

/** Registers the adapter's {@link TxmqAdapterMXBean} in the server's MBean server, and unregisters it. */
final class AdapterJmx implements TxmqAdapterMXBean {

    private static final Logger LOG = Logger.getLogger(AdapterJmx.class.getName());

    private final TxmqResourceAdapter adapter;
    private final Metrics metrics;
    private ObjectName name;

    private AdapterJmx(TxmqResourceAdapter adapter, Metrics metrics) {
        this.adapter = adapter;
        this.metrics = metrics;
    }

    /** Registers under the first free name txmq, txmq-2, ...; a server without JMX gets a warning, nothing else changes. */
    static AdapterJmx register(TxmqResourceAdapter adapter, Metrics metrics) {
        AdapterJmx bean = new AdapterJmx(adapter, metrics);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            for (int n = 1; bean.name == null; n++) {
                ObjectName candidate = new ObjectName("dev.txmq:type=ResourceAdapter,name=txmq" + (n == 1 ? "" : "-" + n));
                try {
                    server.registerMBean(bean, candidate);
                    bean.name = candidate;
                } catch (InstanceAlreadyExistsException taken) {
                    // another txmq adapter in this server: try the next name
                }
            }
        } catch (JMException | RuntimeException e) {
            LOG.log(Level.WARNING, "txmq could not register its statistics in JMX (" + e + "); messaging is not affected", e);
        }
        return bean;
    }

    void unregister() {
        if (name == null) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException e) {
            LOG.log(Level.WARNING, "txmq could not unregister " + name + " from JMX (" + e + "); messaging is not affected", e);
        }
    }

    ObjectName name() {
        return name;
    }

    @Override public String getBroker() { return adapter.broker().describe(); }
    @Override public boolean isBrokerReachable() { return adapter.status().brokerReachable(); }
    @Override public boolean isReady() { return adapter.status().ready(); }
    @Override public String[] getProblems() { return adapter.status().problems().toArray(String[]::new); }

    @Override
    public String[] getConsumers() {
        return adapter.consumers().stream().map(AdapterJmx::describe).toArray(String[]::new);
    }

    private static String describe(TxmqStatus.Consumer consumer) {
        return consumer.queue() + " (" + consumer.sessions() + " sessions, " + (consumer.consuming() ? "consuming" : "reconnecting") + ")";
    }

    @Override public long getMessagesSent() { return metrics.sentCount(); }
    @Override public long getDeliveries() { return metrics.deliveredCount(); }
    @Override public long getFailedDeliveries() { return metrics.failedDeliveryCount(); }
    @Override public long getRetries() { return metrics.retryCount(); }
    @Override public long getDeadLettered() { return metrics.deadLetteredCount(); }
    @Override public long getReplayed() { return metrics.replayedCount(); }
}
