package dev.txmq.sample.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import jakarta.transaction.RollbackException;
import jakarta.transaction.TransactionalException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.NoContentException;

import org.junit.jupiter.api.Test;

import dev.txmq.api.BrokerUnavailableException;
import dev.txmq.api.InvalidMessageException;

class ProblemsTest {

    private static final String PATH = "/txmq-demo/api/orders";

    @Test
    void aTxmqFailureIsTheDetailEvenWhenTheTransactionWrappedIt() {
        RollbackException rollback = new RollbackException("rolled back");
        rollback.initCause(new InvalidMessageException("Queue name 'a b' (3 characters) is invalid"));

        Problem problem = Problems.of(new TransactionalException("commit failed", rollback), PATH, "i-1");

        assertThat(problem).isEqualTo(new Problem(Problems.MESSAGING_FAILED, "Messaging failed", 500,
                "Queue name 'a b' (3 characters) is invalid", PATH));
    }

    /**
     * Jersey (Payara) answers an empty body with a BadRequestException caused by NoContentException,
     * before validation (a WebApplicationException needs the JAX-RS runtime to be made: its cause stands in).
     */
    @Test
    void anEmptyBodyIsAnInvalidRequest() {
        ProcessingException empty = new ProcessingException(new NoContentException("Empty entity"));

        assertThat(Problems.of(empty, PATH, "i-1"))
                .isEqualTo(Problems.invalidRequest("request body: must not be null", PATH));
    }

    @Test
    void anUnreachableBrokerIsServiceUnavailable() {
        Problem problem = Problems.of(new BrokerUnavailableException("Broker tcp://b:61616 is down"), PATH, "i-1");

        assertThat(problem.status()).isEqualTo(503);
        assertThat(problem.detail()).isEqualTo("Broker tcp://b:61616 is down");
    }

    @Test
    void anUnexpectedFailureGetsAGenericDetailNamingTheIncident() {
        Problem problem = Problems.of(new IllegalStateException("secret internals at line 42"), PATH, "i-7");

        assertThat(problem.status()).isEqualTo(500);
        assertThat(problem.type()).isEqualTo("about:blank");
        assertThat(problem.detail()).contains("i-7").doesNotContain("secret").doesNotContain("IllegalStateException");
        assertThat(problem.instance()).isEqualTo(PATH);
    }

    @Test
    void missingTablesMeanTheEjbSampleIsNotDeployed() {
        SampleDatabaseException missing = new SampleDatabaseException("Could not read",
                new SQLException("relation \"processed\" does not exist", "42P01"));

        Problem problem = Problems.of(missing, PATH, "i-1");

        assertThat(problem.status()).isEqualTo(503);
        assertThat(problem.detail()).contains("ejb-sample");
    }

    @Test
    void anotherDatabaseFailureIsUnexpected() {
        SampleDatabaseException broken = new SampleDatabaseException("Could not save order 1",
                new SQLException("disk full", "53100"));

        assertThat(Problems.of(broken, PATH, "i-2").status()).isEqualTo(500);
        assertThat(Problems.of(broken, PATH, "i-2").detail()).doesNotContain("disk");
    }

    @Test
    void anUnreadableBodyIsABadRequest() {
        Problem problem = Problems.of(new ProcessingException("RESTEASY008200: JSON Binding deserialization error"), PATH, "i-1");

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.type()).isEqualTo(Problems.INVALID_REQUEST);
        assertThat(problem.detail()).doesNotContain("RESTEASY");
    }
}
