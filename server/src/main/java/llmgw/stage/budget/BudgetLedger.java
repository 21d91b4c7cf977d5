package llmgw.stage.budget;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Today's cost-weighted token use per budget (a tenant's, an API key's), in memory. A request
 * reserves its estimate before the provider call and settles with what it really used afterwards,
 * so concurrent requests cannot together overrun a budget. Days are UTC days of the injected clock.
 */
public final class BudgetLedger {
    private final Clock clock;
    private final Map<String, Day> days = new ConcurrentHashMap<>();

    public BudgetLedger(Clock clock) {
        this.clock = clock;
    }

    /** One budget a request counts against: {@code tenant:acme} or {@code key:<id>}, with its daily limit. */
    public record Scope(String id, long limit) {}

    /** What a request holds until it settles. */
    public record Reservation(List<Scope> scopes, long units, LocalDate day) {}

    /** A budget with too little left, and when it starts afresh. */
    public record Exhausted(Scope scope, long used, Instant resetAt, long secondsToReset) {}

    /** Today's figures of one budget. */
    public record Balance(long used, long reserved) {}

    private static final class Day {
        final LocalDate date;
        long used;
        long reserved;

        Day(LocalDate date) {
            this.date = date;
        }
    }

    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** When today's budgets start afresh. */
    public Instant resetAt() {
        return today().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The outcome of a reservation: exactly one of the two is set. */
    public record Attempt(Reservation held, Exhausted refused) {}

    /** Reserves {@code units} on every scope, or on none when one has too little left. */
    public synchronized Attempt reserve(List<Scope> scopes, long units) {
        LocalDate today = today();
        for (Scope s : scopes) {
            Day d = day(s.id(), today);
            if (d.used + d.reserved + units > s.limit()) {
                Instant reset = resetAt();
                long seconds = Math.max(1, java.time.Duration.between(clock.instant(), reset).toSeconds());
                return new Attempt(null, new Exhausted(s, d.used, reset, seconds));
            }
        }
        for (Scope s : scopes) day(s.id(), today).reserved += units;
        return new Attempt(new Reservation(List.copyOf(scopes), units, today), null);
    }

    /** Replaces a reservation by the units really used (0 releases it). Use settled after midnight counts on the new day. */
    public synchronized void settle(Reservation r, long usedUnits) {
        LocalDate today = today();
        for (Scope s : r.scopes()) {
            Day d = days.get(s.id());
            if (d != null && d.date.equals(r.day())) d.reserved -= r.units();
            day(s.id(), today).used += usedUnits;
        }
    }

    /** Adds use recorded before a restart (from the audit log). */
    public synchronized void seed(String scopeId, long units) {
        day(scopeId, today()).used += units;
    }

    /** Today's figures for every budget that has any. */
    public synchronized Map<String, Balance> snapshot() {
        LocalDate today = today();
        Map<String, Balance> out = new TreeMap<>();
        days.forEach((id, d) -> {
            if (d.date.equals(today)) out.put(id, new Balance(d.used, d.reserved));
        });
        return out;
    }

    private Day day(String id, LocalDate today) {
        Day d = days.get(id);
        if (d == null || !d.date.equals(today)) {
            d = new Day(today);
            days.put(id, d);
        }
        return d;
    }
}
