package llmgw.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
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
        Recorder recorder = new Recorder(3);
        AtomicLong ok = new AtomicLong(), failed = new AtomicLong();
        CountDownLatch done = new CountDownLatch((int) (duration.toSeconds() * rate));
        long start = System.nanoTime();
        pace(rate, duration, due -> {
            client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((r, e) -> {
                long micros = (System.nanoTime() - due) / 1000;
                if (e == null && r.statusCode() == 200) {
                    ok.incrementAndGet();
                    recorder.recordValue(Math.max(1, micros));
                } else {
                    failed.incrementAndGet();
                }
                done.countDown();
            });
        });
        done.await(60, TimeUnit.SECONDS);
        return new Run(recorder.getIntervalHistogram(), ok.get(), failed.get(), (System.nanoTime() - start) / 1e9);
    }

    /** Calls {@code send} with each request's due time, {@code rate} times a second, waiting for each due time. */
    private static void pace(int rate, Duration duration, java.util.function.LongConsumer send) {
        long period = 1_000_000_000L / rate;
        long total = duration.toSeconds() * rate;
        long start = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long due = start + i * period;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) LockSupport.parkNanos(wait);
            send.accept(due);
        }
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

    /** Streamed requests at {@code rate}: time from each one's due time to its first line of answer text. */
    Run firstToken(HttpRequest request, int rate, Duration duration) throws InterruptedException {
        Recorder recorder = new Recorder(3);
        AtomicLong ok = new AtomicLong(), failed = new AtomicLong();
        CountDownLatch done = new CountDownLatch((int) (duration.toSeconds() * rate));
        long start = System.nanoTime();
        pace(rate, duration, due -> workers.submit(() -> {
                try {
                    HttpResponse<java.io.InputStream> r = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                    try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                        String line;
                        boolean seen = false;
                        while ((line = in.readLine()) != null) {
                            if (!seen && line.startsWith("data:") && line.contains("\"content\":\"") && !line.contains("\"content\":\"\"")) {
                                recorder.recordValue(Math.max(1, (System.nanoTime() - due) / 1000));
                                seen = true;
                            }
                        }
                        if (seen && r.statusCode() == 200) ok.incrementAndGet();
                        else failed.incrementAndGet();
                    }
                } catch (Exception e) {
                    failed.incrementAndGet();
                } finally {
                    done.countDown();
                }
            }));
        done.await(60, TimeUnit.SECONDS);
        return new Run(recorder.getIntervalHistogram(), ok.get(), failed.get(), (System.nanoTime() - start) / 1e9);
    }

    @Override
    public void close() {
        client.close();
        workers.close();
    }
}
