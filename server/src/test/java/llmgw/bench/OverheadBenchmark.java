package llmgw.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import llmgw.testing.TestGateway;

/**
 * What the gateway adds to a call (docs/BENCHMARKS.md): in one run, a client calls a fake upstream
 * directly (A) and through {@code llmgw serve} with the default security setup (B), at fixed rates
 * and flat out; the difference at each percentile is the overhead. The same calls through a {@link TcpRelay} (R)
 * give a floor under it: what one more user-space process on the path costs on this machine, doing nothing else; so do
 * the calls through the gateway's stack with nothing of the gateway on it (J, a {@link JavaProxyFloor}), and through
 * HAProxy (H, an {@link HttpProxyFloor}) when it is installed, a floor for a proxy in C that speaks HTTP.
 * At each rate the paths take turns of half a second, so that none is always measured after another. Run by {@code scripts/bench-overhead.sh}.
 *
 * <p>Arguments: rounds (3), seconds per phase (10). System property {@code llmgw.bench.cli}: the CLI
 * class path to start the gateway with.
 */
public final class OverheadBenchmark {
    static final String PROMPT = ("Please summarise the following meeting notes for the weekly report. The team reviewed the "
            + "migration plan for the billing service, agreed to move the nightly batch to the new scheduler, and asked "
            + "for a rollback procedure before the change window. Open questions remain about the retention of old "
            + "invoices and the load test results from last Tuesday. ").repeat(3).substring(0, 1024);

    /** The launcher's serve settings (cli/src/main/sh/llmgw, which also sets MALLOC_ARENA_MAX=2). */
    static final String LAUNCHER_SERVE_JVM = "-XX:+UseG1GC -XX:-G1UseAdaptiveIHOP -XX:+UseCompactObjectHeaders -Xmx128m";

    /**
     * The gateway's JVM options: the launcher's, unless {@code -Dllmgw.bench.gatewayJvm} replaces them, to compare
     * collectors and heaps or to profile ({@code -XX:StartFlightRecording=filename=gw.jfr}).
     */
    static final String GATEWAY_JVM = System.getProperty("llmgw.bench.gatewayJvm", "").isBlank()
            ? LAUNCHER_SERVE_JVM : System.getProperty("llmgw.bench.gatewayJvm").strip();

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("latency")) {
            latencyOnly(args.length > 1 ? Integer.parseInt(args[1]) : 5, Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 10));
            return;
        }
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Duration phase = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 10);
        String cli = System.getProperty("llmgw.bench.cli");
        if (cli == null) throw new IllegalStateException("set -Dllmgw.bench.cli to the CLI class path (scripts/bench-overhead.sh does)");
        Map<String, List<Double>> results = new LinkedHashMap<>();
        long peakRssKb = 0;
        try (BenchUpstream upstream = new BenchUpstream(0)) {
            for (int round = 1; round <= rounds; round++) {
                // A client per round: the last round's flat-out phase leaves its connections in the client's pool.
                try (GatewayProcess gw = GatewayProcess.start(cli, upstream.baseUrl(), GATEWAY_JVM); LoadGenerator load = new LoadGenerator();
                     TcpRelay.RelayProcess relay = TcpRelay.RelayProcess.start(upstream.port());
                     TcpRelay.RelayProcess javaProxy = JavaProxyFloor.start(upstream.port());
                     HttpProxyFloor haproxy = HAPROXY == null ? null : HttpProxyFloor.start(HAPROXY, upstream.port())) {
                    String token = TestGateway.token("bench", "acme", "user");
                    String body = "{\"model\":\"up\",\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}]}";
                    String stream = body.replace("{\"model\":\"up\",", "{\"model\":\"up\",\"stream\":true,");
                    HttpRequest direct = LoadGenerator.post(URI.create(upstream.baseUrl() + "/chat/completions"), token, body);
                    HttpRequest viaGw = LoadGenerator.post(URI.create(gw.url() + "/v1/chat/completions"), token, body);
                    List<Floor> floors = floors(relay, javaProxy, haproxy, token, body);
                    HttpRequest directStream = LoadGenerator.post(URI.create(upstream.baseUrl() + "/chat/completions"), token, stream);
                    HttpRequest viaGwStream = LoadGenerator.post(URI.create(gw.url() + "/v1/chat/completions"), token, stream);
                    HttpRequest stub = LoadGenerator.post(URI.create(gw.url() + "/v1/chat/completions"), token,
                            body.replace("\"model\":\"up\"", "\"model\":\"stub\""));

                    System.err.printf("round %d: warming up%n", round);
                    try (LoadGenerator warm = new LoadGenerator()) { // its connections close with it: see warmUp
                        warmUp(warm, List.of(viaGw), direct);
                        // The floors need no ramp: a relay and a C proxy are never slow cold, and the bare stack is quick to
                        // compile; 8 callers need only 8 connections.
                        for (Floor f : floors) warm.closedLoop(f.request(), 8, f.warmUp());
                        warm.closedLoop(stub, 32, Duration.ofSeconds(5));
                        warm.firstToken(viaGwStream, 100, Duration.ofSeconds(3));
                    }
                    gw.awaitQuiet();
                    for (int rate : new int[] {500, 2000}) {
                        Turns t = inTurns(load, direct, List.of(gw), List.of(viaGw), floors, rate, phase);
                        GatewayRun b = t.gateways().getFirst();
                        System.err.printf("round %d: %d RPS done (failed A %d, B %d)%n", round, rate, t.direct().failed(), b.run().failed());
                        record(results, rate + " RPS", t.direct(), b);
                        recordFloors(results, rate + " RPS", t.direct(), floors, t.floors());
                    }
                    List<LoadGenerator.Run> streams = load.firstTokens(List.of(directStream, viaGwStream), 100, phase, Duration.ofMillis(500));
                    LoadGenerator.Run sa = streams.get(0), sb = streams.get(1);
                    put(results, "stream first token p50 added (ms)", ms(sb.latency().getValueAtPercentile(50) - sa.latency().getValueAtPercentile(50)));
                    put(results, "stream first token p99 added (ms)", ms(sb.latency().getValueAtPercentile(99) - sa.latency().getValueAtPercentile(99)));
                    LoadGenerator.Run max = load.closedLoop(stub, 64, phase);
                    put(results, "max RPS, stub model (64 callers)", max.rps());
                    put(results, "max RPS p99 (ms)", ms(max.latency().getValueAtPercentile(99)));
                    peakRssKb = Math.max(peakRssKb, gw.peakRssKb());
                    put(results, "gateway peak RSS (MB)", gw.peakRssKb() / 1024.0);
                    System.err.printf("round %d: max %.0f RPS (failed %d)%n", round, max.rps(), max.failed());
                }
            }
        }
        System.out.println("Gateway JVM options: " + GATEWAY_JVM);
        System.out.println(floorsLine());
        System.out.println();
        System.out.println("| measure | median of " + rounds + " | runs |");
        System.out.println("|---|---|---|");
        results.forEach((k, v) -> System.out.printf(Locale.ROOT, "| %s | %s | %s |%n", k, fmt(median(v)),
                String.join(", ", v.stream().map(OverheadBenchmark::fmt).toList())));
    }

    /**
     * A quicker loop for trying a change: a warm gateway, then A, B, R, J (and H) at 500 RPS {@code rounds} times over.
     * With {@code -Dllmgw.bench.gatewayJvmB} a second gateway runs with those JVM options (B2), measured in turns
     * with the others, so two settings are compared in one run on a noisy machine.
     * Each round ends with the stub model flat out through each gateway, as a change may trade throughput for latency.
     * Not the published figures (those restart the gateway each round).
     */
    private static void latencyOnly(int rounds, Duration phase) throws Exception {
        String cli = System.getProperty("llmgw.bench.cli");
        String other = System.getProperty("llmgw.bench.gatewayJvmB", "").strip();
        Map<String, List<Double>> results = new LinkedHashMap<>();
        try (BenchUpstream upstream = new BenchUpstream(0); LoadGenerator load = new LoadGenerator();
             TcpRelay.RelayProcess relay = TcpRelay.RelayProcess.start(upstream.port());
             TcpRelay.RelayProcess javaProxy = JavaProxyFloor.start(upstream.port());
             HttpProxyFloor haproxy = HAPROXY == null ? null : HttpProxyFloor.start(HAPROXY, upstream.port());
             GatewayProcess gw = GatewayProcess.start(cli, upstream.baseUrl(), GATEWAY_JVM);
             GatewayProcess gw2 = other.isEmpty() ? null : GatewayProcess.start(cli, upstream.baseUrl(), other)) {
            String token = TestGateway.token("bench", "acme", "user");
            String body = "{\"model\":\"up\",\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}]}";
            HttpRequest direct = LoadGenerator.post(URI.create(upstream.baseUrl() + "/chat/completions"), token, body);
            List<Floor> floors = floors(relay, javaProxy, haproxy, token, body);
            List<HttpRequest> viaGw = new ArrayList<>();
            viaGw.add(LoadGenerator.post(URI.create(gw.url() + "/v1/chat/completions"), token, body));
            if (gw2 != null) viaGw.add(LoadGenerator.post(URI.create(gw2.url() + "/v1/chat/completions"), token, body));
            String stubBody = body.replace("\"model\":\"up\"", "\"model\":\"stub\"");
            List<HttpRequest> stubViaGw = viaGw.stream().map(r -> LoadGenerator.post(r.uri(), token, stubBody)).toList();
            try (LoadGenerator warm = new LoadGenerator()) {
                warmUp(warm, viaGw, direct);
                for (Floor f : floors) warm.closedLoop(f.request(), 8, f.warmUp());
            }
            gw.awaitQuiet();
            if (gw2 != null) gw2.awaitQuiet();
            List<GatewayProcess> gateways = gw2 == null ? List.of(gw) : List.of(gw, gw2);
            for (int round = 1; round <= rounds; round++) {
                Turns t = inTurns(load, direct, gateways, viaGw, floors, 500, phase);
                LoadGenerator.Run a = t.direct();
                for (int g = 0; g < viaGw.size(); g++) {
                    GatewayRun b = t.gateways().get(g);
                    record(results, g == 0 ? "500 RPS" : "B2 500 RPS", a, b);
                    System.err.printf("round %d, %s: p50 added %.3f ms, p99 added %.3f ms; context switches per request by thread: %s%n",
                            round, g == 0 ? "B" : "B2", ms(b.run().latency().getValueAtPercentile(50) - a.latency().getValueAtPercentile(50)),
                            ms(b.run().latency().getValueAtPercentile(99) - a.latency().getValueAtPercentile(99)), b.cost().topThreads());
                }
                recordFloors(results, "500 RPS", a, floors, t.floors());
                // A change that helps the latency may cost throughput: the stub model flat out, each gateway in turn, from
                // a client of its own whose 64 connections close before the next round's open loops. The one measured
                // second did better (B2 in 5 of 5 rounds with both gateways alike), so the order swaps each round
                // (an even number of rounds balances it).
                try (LoadGenerator flatOut = new LoadGenerator()) {
                    for (int i = 0; i < stubViaGw.size(); i++) {
                        int g = round % 2 == 1 ? i : stubViaGw.size() - 1 - i;
                        put(results, (g == 0 ? "" : "B2 ") + "max RPS, stub model (64 callers)", flatOut.closedLoop(stubViaGw.get(g), 64, phase).rps());
                    }
                }
            }
        }
        System.out.println("Gateway JVM options: " + GATEWAY_JVM + (other.isEmpty() ? "" : "; B2: " + other));
        System.out.println(floorsLine());
        results.forEach((k, v) -> System.out.printf(Locale.ROOT, "| %s | %s | %s |%n", k, fmt(median(v)),
                String.join(", ", v.stream().map(OverheadBenchmark::fmt).toList())));
    }

    /**
     * Brings the gateways and the load generator's own client up to speed. A cold JVM is slow, so the rate ramps
     * up rather than burying it; then a closed loop gives each gateway's request path more calls than C2's
     * thresholds ask for. On a slow machine C2 then still works through its queue for a while (in the run of
     * 2026-12-02 it had 45 % of the gateway's CPU in a measured phase): callers wait with
     * {@link GatewayProcess#awaitQuiet()} after their last warm-up step. Callers warm up with a load generator of
     * its own and close it before measuring: while the gateway is cold, the open loop's requests pile up and the
     * client opens thousands of connections (5,000 seen), which would otherwise stay open through the measured
     * phases, with their buffers and idle timers in each side's heap, although a steady 500 RPS needs a few.
     */
    private static void warmUp(LoadGenerator load, List<HttpRequest> viaGateways, HttpRequest direct) throws InterruptedException {
        for (int rate : new int[] {100, 300, 1000, 2000, 500}) {
            for (HttpRequest b : viaGateways) load.openLoop(b, rate, Duration.ofSeconds(4));
            load.openLoop(direct, rate, Duration.ofSeconds(2));
        }
        for (HttpRequest b : viaGateways) load.closedLoop(b, 8, Duration.ofSeconds(10));
        load.closedLoop(direct, 8, Duration.ofSeconds(5));
    }

    /**
     * {@code taskset -c CPUS} before a command when {@code -Dllmgw.bench.gatewayCpus=CPUS} is set, to separate the gateway's share
     * of the machine from the load generator's (run the benchmark itself under taskset on the other cores). The floors, which
     * stand in for a gateway, run there too.
     */
    static List<String> onGatewayCpus() {
        String cpus = System.getProperty("llmgw.bench.gatewayCpus", "");
        return cpus.isBlank() ? List.of() : List.of("taskset", "-c", cpus.strip());
    }

    /** A phase through a gateway, and what its requests cost the gateway. */
    private record GatewayRun(LoadGenerator.Run run, GatewayProcess.Cost cost) {}

    /** One phase of A, each gateway's B and each floor (R, J, H) at {@code rate}, in turns. */
    private record Turns(LoadGenerator.Run direct, List<GatewayRun> gateways, List<LoadGenerator.Run> floors) {}

    /**
     * A proxy that does nothing but pass calls on, named as the results name it, the benchmark's call through it, and
     * how long 8 callers warm it up (a JVM's JIT needs longer than a relay's few loops or a C proxy).
     */
    private record Floor(String name, HttpRequest request, Duration warmUp) {}

    /** The HAProxy floor's executable, or null when it is not installed (the floor is then left out). */
    private static final Path HAPROXY = HttpProxyFloor.find();

    /** A gateway's JVM options as command-line arguments. */
    static List<String> gatewayJvmOptions(String options) {
        return List.of(options.strip().split("\\s+"));
    }

    /** Which floors ran, with HAProxy's version: its figures are that version's. */
    private static String floorsLine() throws IOException, InterruptedException {
        return "Floors: a TCP relay; the bare Java stack (JavaProxyFloor)" + (HAPROXY == null ? " (HAProxy not installed)" : "; " + HttpProxyFloor.version(HAPROXY));
    }

    /** R, J, and H when HAProxy is installed. */
    private static List<Floor> floors(TcpRelay.RelayProcess relay, TcpRelay.RelayProcess javaProxy, HttpProxyFloor haproxy, String token,
                                      String body) {
        List<Floor> floors = new ArrayList<>();
        floors.add(new Floor("a TCP relay", LoadGenerator.post(URI.create(relay.url() + "/v1/chat/completions"), token, body), Duration.ofSeconds(5)));
        floors.add(new Floor("the bare Java stack", LoadGenerator.post(URI.create(javaProxy.url() + "/v1/chat/completions"), token, body),
                Duration.ofSeconds(15)));
        if (haproxy != null) {
            floors.add(new Floor("HAProxy", LoadGenerator.post(URI.create(haproxy.url() + "/v1/chat/completions"), token, body), Duration.ofSeconds(5)));
        }
        return floors;
    }

    /**
     * Measures the direct call, each gateway and each floor at {@code rate} in turns of half a second
     * ({@link LoadGenerator#interleaved}), {@code phase} each, so that no path is always measured after another.
     * Each gateway is charged the CPU time and context switches of its own turns only.
     */
    private static Turns inTurns(LoadGenerator load, HttpRequest direct, List<GatewayProcess> gateways, List<HttpRequest> viaGateways,
                                 List<Floor> floors, int rate, Duration phase) throws Exception {
        List<HttpRequest> paths = new ArrayList<>();
        paths.add(direct);
        paths.addAll(viaGateways);
        for (Floor f : floors) paths.add(f.request());
        List<GatewayProcess.Meter> meters = gateways.stream().map(GatewayProcess.Meter::new).toList();
        int[] running = {-1};
        List<LoadGenerator.Run> runs = load.interleaved(paths, rate, phase, Duration.ofMillis(500), next -> {
            // Path 1 + g is gateway g's.
            if (running[0] >= 1 && running[0] <= meters.size()) meters.get(running[0] - 1).stop();
            if (next >= 1 && next <= meters.size()) meters.get(next - 1).start();
            running[0] = next;
        });
        List<GatewayRun> viaGw = new ArrayList<>();
        for (int g = 0; g < gateways.size(); g++) {
            LoadGenerator.Run run = runs.get(1 + g);
            viaGw.add(new GatewayRun(run, meters.get(g).cost(run.ok() + run.failed())));
        }
        return new Turns(runs.getFirst(), viaGw, runs.subList(1 + gateways.size(), runs.size()));
    }

    /** A and B's percentiles, and what each of B's requests cost the gateway. */
    private static void record(Map<String, List<Double>> results, String rate, LoadGenerator.Run a, GatewayRun gatewayRun) {
        LoadGenerator.Run b = gatewayRun.run();
        for (double p : new double[] {50, 90, 99, 99.9}) {
            long av = a.latency().getValueAtPercentile(p), bv = b.latency().getValueAtPercentile(p);
            put(results, rate + " p" + fmtP(p) + " direct (ms)", ms(av));
            put(results, rate + " p" + fmtP(p) + " via gateway (ms)", ms(bv));
            put(results, rate + " p" + fmtP(p) + " added (ms)", ms(bv - av));
        }
        // The context switches vary far less than the latencies on a shared machine (the CPU time less so: the
        // kernel's share of it grows with the machine's load), so they show a change that the latencies hide.
        put(results, rate + " gateway CPU per request (µs)", gatewayRun.cost().cpuMicros());
        put(results, rate + " gateway context switches per request", gatewayRun.cost().contextSwitches());
    }

    /**
     * What each floor (the TCP relay R, the bare stack J, HAProxy H) adds to the direct call, at the same percentiles: what one more
     * process on the path costs on this machine when it does nothing else, against which to read what the gateway adds.
     */
    private static void recordFloors(Map<String, List<Double>> results, String rate, LoadGenerator.Run a, List<Floor> floors,
                                     List<LoadGenerator.Run> runs) {
        for (int i = 0; i < floors.size(); i++) {
            LoadGenerator.Run r = runs.get(i);
            String name = floors.get(i).name();
            // A floor that failed calls would be timed on the rest only; one that failed them all has no percentiles.
            if (r.failed() > 0) throw new IllegalStateException(name + " failed " + r.failed() + " of " + (r.ok() + r.failed()) + " calls");
            for (double p : new double[] {50, 99}) {
                put(results, rate + " p" + fmtP(p) + " added by " + name + " (ms)",
                        ms(r.latency().getValueAtPercentile(p) - a.latency().getValueAtPercentile(p)));
            }
        }
    }

    private static void put(Map<String, List<Double>> results, String key, double value) {
        results.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }

    private static double median(List<Double> v) {
        List<Double> s = v.stream().sorted().toList();
        return s.get(s.size() / 2);
    }

    private static String fmt(double v) {
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String fmtP(double p) {
        return p == Math.rint(p) ? String.valueOf((int) p) : String.valueOf(p);
    }

    /** {@code llmgw serve} in its own JVM, as the launcher starts it, configured like a shared deployment. */
    static final class GatewayProcess implements AutoCloseable {
        private final Process process;
        private final Path proc;
        private final int port;
        private final Path dir;

        private GatewayProcess(Process process, int port, Path dir) {
            this.process = process;
            this.proc = Path.of("/proc", Long.toString(process.pid()));
            this.port = port;
            this.dir = dir;
        }

        static GatewayProcess start(String cli, String upstream, String jvmOptions) throws Exception {
            Path dir = Files.createTempDirectory("llmgw-bench");
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            // The default security setup: JWT, request scan, response redaction, rate limit, audit rows.
            Files.writeString(dir.resolve("gateway.yaml"), """
                    auth:
                      jwt:
                        secret: ${JWT_SECRET}
                    providers:
                      up: {type: openai, base_url: %s, api_key_env: BENCH_KEY}
                    models:
                      - {name: up, provider: up}
                      - {name: stub, provider: stub}
                    rate_limit: {requests_per_minute: 10000000, burst: 100000}
                    """.formatted(upstream));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>();
            command.addAll(onGatewayCpus());
            command.addAll(List.of(java, "--enable-native-access=ALL-UNNAMED"));
            command.addAll(gatewayJvmOptions(jvmOptions));
            command.addAll(List.of("-cp", cli, "llmgw.cli.Llmgw", "serve", "--config", dir.resolve("gateway.yaml").toString(),
                    "--data-dir", dir.resolve("data").toString(), "--port", Integer.toString(port)));
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().put("MALLOC_ARENA_MAX", "2"); // as the launcher sets it
            pb.environment().put("JWT_SECRET", TestGateway.SECRET);
            pb.environment().put("BENCH_KEY", "sk-bench");
            pb.redirectErrorStream(true).redirectOutput(dir.resolve("gateway.log").toFile());
            GatewayProcess gw = new GatewayProcess(pb.start(), port, dir);
            gw.awaitReady();
            return gw;
        }

        String url() {
            return "http://127.0.0.1:" + port;
        }

        void awaitReady() throws Exception {
            try (HttpClient c = HttpClient.newHttpClient()) {
                for (int i = 0; i < 300; i++) {
                    try {
                        if (c.send(HttpRequest.newBuilder(URI.create(url() + "/readyz")).build(), HttpResponse.BodyHandlers.discarding())
                                .statusCode() == 200) return;
                    } catch (IOException e) {
                        // not listening yet
                    }
                    if (!process.isAlive()) throw new IllegalStateException("the gateway exited: see " + dir.resolve("gateway.log"));
                    Thread.sleep(100);
                }
            }
            throw new IllegalStateException("the gateway never became ready: see " + dir.resolve("gateway.log"));
        }

        /**
         * What the gateway process has used so far: CPU time (user and system), and context switches by thread
         * (keyed by the thread's id and name; those where the thread was preempted under the name with " (preempted)").
         */
        record Usage(double cpuMillis, Map<String, Long> switchesByThread) {}

        /**
         * Adds up what the gateway used between each {@link #start()} and {@link #stop()}. A thread that ended in
         * between takes the switches it made since the start with it, so the count is a floor.
         */
        static final class Meter {
            private final GatewayProcess gateway;
            private Usage started;
            private double cpuMillis;
            private final Map<String, Long> switchesByName = new TreeMap<>();

            Meter(GatewayProcess gateway) {
                this.gateway = gateway;
            }

            void start() {
                started = gateway.readUsage();
            }

            void stop() {
                Usage now = gateway.readUsage();
                cpuMillis += now.cpuMillis() - started.cpuMillis();
                for (var e : now.switchesByThread().entrySet()) {
                    // Threads of a pool differ only in their numbers. Linux keeps 15 characters of a name, so the carriers
                    // "ForkJoinPool-1-worker-2" show as "ForkJoinPool-1-", counted as "ForkJoinPool-#-"; "C2 CompilerThre" stays.
                    String name = e.getKey().substring(e.getKey().indexOf(' ') + 1).replaceAll("(?<=[-#])\\d+", "#");
                    switchesByName.merge(name, e.getValue() - started.switchesByThread().getOrDefault(e.getKey(), 0L), Long::sum);
                }
            }

            Cost cost(long requests) {
                long n = Math.max(1, requests);
                Map<String, Double> perRequest = new TreeMap<>();
                switchesByName.forEach((name, count) -> perRequest.put(name, (double) count / n));
                return new Cost(cpuMillis * 1000 / n, perRequest);
            }
        }

        /** CPU microseconds and context switches per request, the latter by thread name. */
        record Cost(double cpuMicros, Map<String, Double> switchesByThreadName) {
            double contextSwitches() {
                return switchesByThreadName.values().stream().mapToDouble(Double::doubleValue).sum();
            }

            /** The threads that switched most, for a line of the log. */
            String topThreads() {
                return switchesByThreadName.entrySet().stream().filter(e -> e.getValue() >= 0.05)
                        .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(8)
                        .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue())).collect(Collectors.joining(", "));
            }
        }

        private Usage readUsage() {
            try {
                return usage();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Usage usage() throws IOException {
            // Fields 14 and 15 of stat (after the command name in parentheses): user and system time in clock ticks (100 a second).
            String[] stat = Files.readString(proc.resolve("stat")).replaceFirst("^.*\\) ", "").split(" ");
            double cpuMillis = (Long.parseLong(stat[11]) + Long.parseLong(stat[12])) * 10.0;
            Map<String, Long> switches = new HashMap<>();
            try (var tasks = Files.list(proc.resolve("task"))) {
                for (Path task : tasks.toList()) {
                    try {
                        long waited = 0, preempted = 0;
                        String name = "?";
                        for (String line : Files.readAllLines(task.resolve("status"))) {
                            if (line.startsWith("Name:")) name = line.substring("Name:".length()).strip();
                            if (line.startsWith("voluntary_ctxt_switches:")) waited = Long.parseLong(line.replaceAll("\\D+", ""));
                            if (line.startsWith("nonvoluntary_ctxt_switches:")) preempted = Long.parseLong(line.replaceAll("\\D+", ""));
                        }
                        // A thread that gave up its core to wait, and one that lost it to another thread, are told apart.
                        switches.put(task.getFileName() + " " + name, waited);
                        switches.put(task.getFileName() + " " + name + " (preempted)", preempted);
                    } catch (IOException e) {
                        // the thread ended while being read
                    }
                }
            }
            return new Usage(cpuMillis, switches);
        }

        /**
         * Waits (at most 30 s) until the idle gateway has used at most 10 ms of CPU in each of three half seconds
         * in a row: its compilers have worked off their queue. One quiet half second is not enough: C2 pauses
         * between compilations.
         */
        void awaitQuiet() throws Exception {
            Usage last = usage();
            int quiet = 0;
            for (int i = 0; i < 60 && quiet < 3; i++) {
                Thread.sleep(500);
                Usage now = usage();
                quiet = now.cpuMillis() - last.cpuMillis() <= 10 ? quiet + 1 : 0;
                last = now;
            }
            if (quiet < 3) System.err.println("the gateway was still busy after 30 s without load");
        }

        /** The gateway's peak resident set (VmHWM), in KiB. */
        long peakRssKb() throws IOException {
            for (String line : Files.readAllLines(proc.resolve("status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D+", ""));
            }
            return -1;
        }

        @Override
        public void close() throws Exception {
            ChildProcesses.stop(process, Duration.ofSeconds(15));
        }
    }
}
