package dev.txmq.ra.stubs;

import java.lang.reflect.Proxy;
import java.util.Hashtable;

import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.OperationNotSupportedException;
import javax.naming.spi.InitialContextFactory;

/**
 * JNDI as the adapter sees it in a server, reduced to one name: {@link #TRANSACTION_MANAGER} is
 * Narayana's TransactionManager. Installed as the JVM's initial context factory by {@link #install}.
 */
public final class TestNaming implements InitialContextFactory {

    public static final String TRANSACTION_MANAGER = "java:/TransactionManager";

    /** Makes {@code new InitialContext()} in this JVM use this factory. */
    public static void install() {
        System.setProperty(Context.INITIAL_CONTEXT_FACTORY, TestNaming.class.getName());
    }

    @Override
    public Context getInitialContext(Hashtable<?, ?> environment) {
        return (Context) Proxy.newProxyInstance(TestNaming.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "lookup" -> {
                        if (TRANSACTION_MANAGER.equals(String.valueOf(args[0]))) {
                            yield Narayana.transactionManager();
                        }
                        throw new NameNotFoundException(args[0] + " is not bound in the test's JNDI");
                    }
                    case "close" -> null;
                    default -> throw new OperationNotSupportedException(method.getName() + " in the test's JNDI");
                });
    }
}
