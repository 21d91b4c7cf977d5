package llmgw.stage.provider.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import llmgw.testing.MutableClock;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final CircuitBreaker breaker = new CircuitBreaker(new RoutingConfig.CircuitBreakerConfig(true, 50, 2, 4, Duration.ofSeconds(10), 2), clock);

    void open() {
        breaker.onFailure();
        breaker.onFailure();
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
    }

    @Test
    void anAbandonedTrialComesBackSoHalfOpenCannotStick() {
        open();
        clock.advance(Duration.ofSeconds(10));
        assertTrue(breaker.tryPass());
        assertTrue(breaker.tryPass());
        assertFalse(breaker.tryPass(), "two trials at most");
        breaker.abandon(); // one trial was never made
        assertTrue(breaker.tryPass());
        breaker.onSuccess();
        breaker.onSuccess();
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
    }

    @Test
    void aLateFailureDoesNotStretchTheWaitAndADisabledBreakerNeverOpens() {
        open();
        clock.advance(Duration.ofSeconds(9));
        breaker.onFailure(); // a call that started before the breaker opened
        clock.advance(Duration.ofSeconds(1));
        assertEquals(CircuitBreaker.State.HALF_OPEN, breaker.state());

        CircuitBreaker off = new CircuitBreaker(new RoutingConfig.CircuitBreakerConfig(false, 50, 2, 4, Duration.ofSeconds(10), 2), clock);
        for (int i = 0; i < 10; i++) off.onFailure();
        assertEquals(CircuitBreaker.State.CLOSED, off.state());
        assertTrue(off.tryPass());
    }
}
