package dev.txmq.ra.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.resource.spi.InvalidPropertyException;

import org.junit.jupiter.api.Test;

class QueueActivationSpecTest {

    @Test
    void theDefaultsOfAValidSpec() throws Exception {
        QueueActivationSpec spec = spec("orders");
        spec.validate();
        assertThat(spec.getMaxDeliveryAttempts()).isEqualTo(5);
        assertThat(spec.getRedeliveryDelayMs()).isEqualTo(1000L);
        assertThat(spec.getRedeliveryMultiplier()).isEqualTo(2.0);
        assertThat(spec.getMaxRedeliveryDelayMs()).isEqualTo(60_000L);
        assertThat(spec.getMaxSessions()).isEqualTo(4);
    }

    @Test
    void retryNWaitsTheDelayTimesTheMultiplierToTheNMinusOneCapped() {
        QueueActivationSpec spec = spec("orders");
        spec.setRedeliveryDelayMs(1000L);
        spec.setRedeliveryMultiplier(3.0);
        spec.setMaxRedeliveryDelayMs(20_000L);
        assertThat(spec.delayBeforeRetryMs(1)).isEqualTo(1000);
        assertThat(spec.delayBeforeRetryMs(2)).isEqualTo(3000);
        assertThat(spec.delayBeforeRetryMs(3)).isEqualTo(9000);
        assertThat(spec.delayBeforeRetryMs(4)).isEqualTo(20_000);
    }

    @Test
    void aMissingDestinationIsNamed() {
        assertThatThrownBy(() -> spec(null).validate()).isInstanceOf(InvalidPropertyException.class)
                .hasMessageContaining("destination is required");
    }

    @Test
    void everyInvalidValueIsNamedWithItsRule() {
        QueueActivationSpec spec = spec("orders/eu");
        spec.setMaxDeliveryAttempts(-1);
        spec.setRedeliveryDelayMs(-5L);
        spec.setRedeliveryMultiplier(0.5);
        spec.setMaxSessions(0);
        spec.setDeadLetterQueue("dead letters");
        assertThatThrownBy(spec::validate).isInstanceOf(InvalidPropertyException.class)
                .hasMessageContaining("destination 'orders/eu' is invalid")
                .hasMessageContaining("maxDeliveryAttempts is -1: use at least 1")
                .hasMessageContaining("redeliveryDelayMs is -5: use 0 or more milliseconds")
                .hasMessageContaining("redeliveryMultiplier is 0.5: use 1.0 or more")
                .hasMessageContaining("maxSessions is 0: use at least 1")
                .hasMessageContaining("deadLetterQueue 'dead letters' is invalid");
    }

    @Test
    void theMaximumDelayMayNotBeShorterThanTheFirst() {
        QueueActivationSpec spec = spec("orders");
        spec.setRedeliveryDelayMs(5000L);
        spec.setMaxRedeliveryDelayMs(1000L);
        assertThatThrownBy(spec::validate).hasMessageContaining("maxRedeliveryDelayMs is 1000: use at least redeliveryDelayMs (5000)");
    }

    @Test
    void nonRetryableExceptionNamesAreSplitAndTrimmed() {
        QueueActivationSpec spec = spec("orders");
        spec.setNonRetryableExceptions(" java.lang.IllegalArgumentException ,, com.acme.NoSuchCustomer ");
        assertThat(spec.nonRetryableExceptionNames()).containsExactly("java.lang.IllegalArgumentException", "com.acme.NoSuchCustomer");
    }

    private static QueueActivationSpec spec(String destination) {
        QueueActivationSpec spec = new QueueActivationSpec();
        spec.setDestination(destination);
        return spec;
    }
}
