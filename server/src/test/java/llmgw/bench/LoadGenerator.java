package llmgw.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Sends requests at a fixed rate (open loop: each request's latency counts from when it was due,
 * not from when it was sent, so a stall cannot hide by delaying the next request), or as fast as a
 * fixed number of callers can (closed loop). Latencies go into HdrHistograms, in microseconds.
 */
final class LoadGenerator implements AutoCloseable {
    private final HttpClient client;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

    LoadGenerator() {
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(workers)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** What one run measured. */
    record Run(Histogram latency, long ok, long failed, double seconds) {
        double rps() {
            return ok / seconds;
        }
    }

    static HttpRequest post(URI uri, String token, String body) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** {@code rate} requests a second for {@code duration}; a request counts from its due time until its whole answer is read. */
    Run openLoop(HttpRequest request, int rate, Duration duration) throws InterruptedException {
        return interleaved(List.of(request), rate, duration, duration, path -> {}).getFirst();
    }

    /**
     * Several paths at {@code rate} each, taking turns: each path gets {@code duration} in all, in slices of
     * {@code slice}, and each cycle through the paths runs them in a new random order. Paths measured one after
     * the other meet the machine in different states (it drifts, and the one measured second in a pair did better
     * on this machine whichever it was); in turns, each meets the same mix. {@code atSlice} is told, on a thread
     * of its own and at each slice's start, which path runs next, and -1 when the last has ended, so that a
     * caller can charge what a process used in a slice to that slice's path. The slices follow the clock, not the
     * sending: a request sent late (the load generator paused) may fall in the next slice. One {@link Run} per path,
     * in order. The rate must fill each slice with whole requests, and the duration hold whole slices, so that every
     * path gets the same number of requests.
     */
    List<Run> interleaved(List<HttpRequest> paths, int rate, Duration duration, Duration slice, IntConsumer atSlice)
            throws InterruptedException {
        return inTurns(paths, rate, duration, slice, atSlice, this::wholeAnswer);
    }

    /** Streamed requests at {@code rate}: time from each one's due time to its first line of answer text. */
    Run firstToken(HttpRequest request, int rate, Duration duration) throws InterruptedException {
        return firstTokens(List.of(request), rate, duration, duration).getFirst();
    }

    /** {@link #firstToken} for several paths, taking turns as in {@link #interleaved}. */
    List<Run> firstTokens(List<HttpRequest> paths, int rate, Duration duration, Duration slice) throws InterruptedException {
        return inTurns(paths, rate, duration, slice, path -> {}, this::firstLine);
    }

    /** What one path's calls came to: latencies, and how many succeeded and failed. */
    private static final class Tally {
        final Recorder recorder = new Recorder(3);
        final AtomicLong ok = new AtomicLong(), failed = new AtomicLong();
        private final CountDownLatch done;

        Tally(CountDownLatch done) {
            this.done = done;
        }

        /** The call that was due at {@code due} has reached the point it is timed to. */
        void reached(long due) {
            recorder.recordValue(Math.max(1, (System.nanoTime() - due) / 1000));
        }

        void ended(boolean succeeded) {
            (succeeded ? ok : failed).incrementAndGet();
            done.countDown();
        }
    }

    /** Sends one request due at {@code due}, without waiting for it, and tells {@code tally} how it went. */
    private interface Call {
        void send(HttpRequest request, long due, Tally tally);
    }

    private void wholeAnswer(HttpRequest request, long due, Tally tally) {
        client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((r, e) -> {
            boolean succeeded = e == null && r.statusCode() == 200;
            if (succeeded) tally.reached(due);
            tally.ended(succeeded);
        });
    }

    private void firstLine(HttpRequest request, long due, Tally tally) {
        workers.submit(() -> {
            boolean succeeded = false;
            try {
                HttpResponse<java.io.InputStream> r = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                    String line;
                    boolean seen = false;
                    while ((line = in.readLine()) != null) {
                        if (!seen && line.startsWith("data:") && line.contains("\"content\":\"") && !line.contains("\"content\":\"\"")) {
                            tally.reached(due);
                            seen = true;
                        }
                    }
                    succeeded = seen && r.statusCode() == 200;
                }
            } catch (Exception e) {
                // counted as failed
            } finally {
                tally.ended(succeeded);
            }
        });
    }

    private List<Run> inTurns(List<HttpRequest> paths, int rate, Duration duration, Duration slice, IntConsumer atSlice, Call call)
            throws InterruptedException {
        int n = paths.size();
        if (rate * slice.toMillis() % 1000 != 0 || rate * slice.toMillis() < 1000 || duration.toMillis() % slice.toMillis() != 0) {
            throw new IllegalArgumentException(rate + " requests a second do not fill " + duration + " in whole slices of " + slice);
        }
        long perSlice = rate * slice.toMillis() / 1000;
        long total = rate * duration.toMillis() / 1000 * n;
        int[] schedule = schedule(n, (int) (total / perSlice));
        CountDownLatch done = new CountDownLatch((int) total);
        List<Tally> tallies = new ArrayList<>();
        for (int p = 0; p < n; p++) tallies.add(new Tally(done));
        long period = 1_000_000_000L / rate;
        long start = System.nanoTime() + 1_000_000; // a millisecond for the slice thread to start
        AtomicReference<Throwable> sliceFailure = new AtomicReference<>();
        // A daemon: should sending fail, the run ends without waiting for the schedule to.
        Thread slices = Thread.ofPlatform().name("slices").daemon().start(() -> {
            try {
                for (int s = 0; s <= schedule.length; s++) {
                    long wait, at = start + s * perSlice * period;
                    while ((wait = at - System.nanoTime()) > 0) LockSupport.parkNanos(wait);
                    atSlice.accept(s < schedule.length ? schedule[s] : -1);
                }
            } catch (RuntimeException | Error e) {
                sliceFailure.set(e); // what the caller measures per slice would be wrong: the run fails below
            }
        });
        for (long i = 0; i < total; i++) {
            long due = start + i * period;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) LockSupport.parkNanos(wait);
            int p = schedule[(int) (i / perSlice)];
            call.send(paths.get(p), due, tallies.get(p));
        }
        done.await(60, TimeUnit.SECONDS);
        slices.join();
        if (sliceFailure.get() != null) throw new IllegalStateException("measuring a slice failed", sliceFailure.get());
        List<Run> runs = new ArrayList<>();
        for (Tally t : tallies) runs.add(new Run(t.recorder.getIntervalHistogram(), t.ok.get(), t.failed.get(), duration.toNanos() / 1e9));
        return runs;
    }

    /** Which path each slice runs: cycles through all {@code paths}, each cycle in a random order. */
    private static int[] schedule(int paths, int slices) {
        List<Integer> cycle = new ArrayList<>();
        for (int p = 0; p < paths; p++) cycle.add(p);
        Random random = new Random();
        int[] schedule = new int[slices];
        for (int s = 0; s < slices; s++) {
            if (s % paths == 0) Collections.shuffle(cycle, random);
            schedule[s] = cycle.get(s % paths);
        }
        return schedule;
    }

    /** {@code callers} callers each sending the next request when the last is answered, for {@code duration}. */
    Run closedLoop(HttpRequest request, int callers, Duration duration) throws InterruptedException {
        Recorder recorder = new Recorder(3);
        AtomicLong ok = new AtomicLong(), failed = new AtomicLong();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        CountDownLatch done = new CountDownLatch(callers);
        for (int c = 0; c < callers; c++) {
            workers.submit(() -> {
                try {
                    while (System.nanoTime() < end) {
                        long t = System.nanoTime();
                        try {
                            HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                            if (r.statusCode() == 200) {
                                ok.incrementAndGet();
                                recorder.recordValue(Math.max(1, (System.nanoTime() - t) / 1000));
                            } else {
                                failed.incrementAndGet();
                            }
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        }
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        return new Run(recorder.getIntervalHistogram(), ok.get(), failed.get(), (System.nanoTime() - start) / 1e9);
    }

    @Override
    public void close() {
        client.close();
        workers.close();
    }
}
