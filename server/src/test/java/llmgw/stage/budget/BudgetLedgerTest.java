package llmgw.stage.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import llmgw.testing.MutableClock;
import org.junit.jupiter.api.Test;

class BudgetLedgerTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T23:59:00Z"));
    private final BudgetLedger ledger = new BudgetLedger(clock);
    private final BudgetLedger.Scope tenant = new BudgetLedger.Scope("tenant:a", 100);
    private final BudgetLedger.Scope key = new BudgetLedger.Scope("key:k", 30);

    @Test
    void concurrentReservationsNeverOverrunTheBudget() throws Exception {
        List<Future<Boolean>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 200; i++) results.add(pool.submit(() -> ledger.reserve(List.of(tenant), 7).held() != null));
        }
        long granted = 0;
        for (Future<Boolean> f : results) if (f.get()) granted++;
        assertEquals(14, granted); // 14 × 7 = 98 fits in 100, a 15th would not
        assertEquals(98, ledger.snapshot().get("tenant:a").reserved());
    }

    @Test
    void allScopesOrNone() {
        BudgetLedger.Attempt a = ledger.reserve(List.of(tenant, key), 31);
        assertNull(a.held());
        assertEquals("key:k", a.refused().scope().id());
        assertEquals(60, a.refused().secondsToReset());
        assertEquals(0, ledger.snapshot().getOrDefault("tenant:a", new BudgetLedger.Balance(0, 0)).reserved());
    }

    @Test
    void settleReplacesTheEstimateAndANewDayStartsAfresh() {
        BudgetLedger.Reservation r = ledger.reserve(List.of(tenant, key), 25).held();
        assertNotNull(r);
        ledger.settle(r, 10);
        assertEquals(new BudgetLedger.Balance(10, 0), ledger.snapshot().get("key:k"));
        assertNull(ledger.reserve(List.of(key), 21).held());
        BudgetLedger.Reservation late = ledger.reserve(List.of(key), 20).held();
        clock.advance(Duration.ofMinutes(2)); // past midnight: the estimate is dropped with the old day
        ledger.settle(late, 5);
        assertEquals(new BudgetLedger.Balance(5, 0), ledger.snapshot().get("key:k"));
        assertNotNull(ledger.reserve(List.of(key), 25).held());
    }
}
