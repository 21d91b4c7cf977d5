package llmgw.stage.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The period a usage summary covers, from {@code from} (inclusive) to {@code to} (exclusive).
 * Each end is a UTC date ({@code 2026-11-22}: a {@code to} date includes that whole day) or an
 * instant ({@code 2026-11-22T10:00:00Z}); by default, today so far.
 */
public record UsagePeriod(Instant from, Instant to) {
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59Z");

    /** @throws IllegalArgumentException naming the bad value and the accepted forms */
    public static UsagePeriod parse(String from, String to, Clock clock) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        Instant start = blank(from) ? today.atStartOfDay(ZoneOffset.UTC).toInstant() : instant("from", from, false);
        Instant end = blank(to) ? today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant() : instant("to", to, true);
        if (!end.isAfter(start)) throw new IllegalArgumentException("to (" + end + ") must be after from (" + start + ")");
        if (start.isBefore(Instant.EPOCH) || end.isAfter(LAST)) throw new IllegalArgumentException("from and to must lie between 1970 and 9999");
        return new UsagePeriod(start, end);
    }

    private static Instant instant(String name, String value, boolean endOfDay) {
        String v = value.trim();
        try {
            if (v.length() == 10) {
                LocalDate d = LocalDate.parse(v);
                return (endOfDay ? d.plusDays(1) : d).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " is '" + value + "'; use a date like 2026-11-22 or a time like 2026-11-22T10:00:00Z");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
