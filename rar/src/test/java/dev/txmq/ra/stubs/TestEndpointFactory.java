package dev.txmq.ra.stubs;

import java.lang.reflect.Method;

import javax.transaction.xa.XAResource;

import jakarta.ejb.EJBException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionManager;

import dev.txmq.api.IncomingMessage;
import dev.txmq.api.MessageHandler;

/**
 * Stands in for the EJB container's message-driven bean: {@code beforeDelivery} begins a JTA
 * transaction and enlists the adapter's XAResource; a runtime exception from the bean is wrapped in
 * an {@link EJBException} and marks the transaction rollback-only, as the container does;
 * {@code afterDelivery} commits or rolls back.
 */
public final class TestEndpointFactory implements MessageEndpointFactory {

    private final MessageHandler bean;
    private final TransactionManager transactions = Narayana.transactionManager();

    public TestEndpointFactory(MessageHandler bean) {
        this.bean = bean;
    }

    @Override
    public MessageEndpoint createEndpoint(XAResource xaResource) {
        return new Endpoint(xaResource);
    }

    @Override
    public MessageEndpoint createEndpoint(XAResource xaResource, long timeout) {
        return new Endpoint(xaResource);
    }

    @Override
    public boolean isDeliveryTransacted(Method method) {
        return true;
    }

    @Override
    public String getActivationName() {
        return "test-" + System.identityHashCode(this);
    }

    @Override
    public Class<?> getEndpointClass() {
        return bean.getClass();
    }

    private final class Endpoint implements MessageEndpoint, MessageHandler {
        private final XAResource xaResource;

        Endpoint(XAResource xaResource) {
            this.xaResource = xaResource;
        }

        @Override
        public void beforeDelivery(Method method) throws ResourceException {
            try {
                transactions.begin();
                transactions.getTransaction().enlistResource(xaResource);
            } catch (Exception e) {
                throw new ResourceException("Could not begin the delivery transaction", e);
            }
        }

        @Override
        public void onMessage(IncomingMessage message) throws Exception {
            try {
                bean.onMessage(message);
            } catch (RuntimeException e) {
                transactions.setRollbackOnly();
                throw new EJBException(e);
            }
        }

        @Override
        public void afterDelivery() throws ResourceException {
            try {
                if (transactions.getStatus() == Status.STATUS_MARKED_ROLLBACK) {
                    transactions.rollback();
                } else {
                    transactions.commit();
                }
            } catch (Exception e) {
                throw new ResourceException("The delivery transaction did not commit: " + e, e);
            }
        }

        @Override
        public void release() {}
    }
}
