package llmgw.stage.provider.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import llmgw.stage.provider.ModelRoute;

/** Orders the routes serving one model; the first is tried first, the rest are its failover. */
final class Strategy {
    private final String name;
    private final List<String> priority;
    private final EndpointRegistry registry;
    private final Map<String, AtomicLong> turns = new ConcurrentHashMap<>();

    Strategy(RoutingConfig cfg, EndpointRegistry registry) {
        this.name = cfg.strategy();
        this.priority = cfg.priority();
        this.registry = registry;
    }

    List<ModelRoute> order(String model, List<ModelRoute> routes) {
        if (routes.size() < 2) return routes;
        List<ModelRoute> out = new ArrayList<>(routes);
        switch (name) {
            case "round_robin" -> {
                int start = (int) Math.floorMod(turns.computeIfAbsent(model, m -> new AtomicLong()).getAndIncrement(), (long) out.size());
                java.util.Collections.rotate(out, -start);
            }
            case "weighted" -> out = weightedShuffle(out);
            case "least_latency" -> out.sort(Comparator.comparingDouble(r -> registry.endpoint(r.provider()).latencyMs()));
            case "least_connections" -> out.sort(Comparator.comparingInt(r -> registry.endpoint(r.provider()).inFlight()));
            default -> out.sort(Comparator.comparingInt(this::rank));
        }
        return out;
    }

    private int rank(ModelRoute r) {
        int i = priority.indexOf(r.provider());
        return i < 0 ? Integer.MAX_VALUE : i;
    }

    /** Draws routes one by one, each with a chance proportional to its endpoint's weight. */
    private List<ModelRoute> weightedShuffle(List<ModelRoute> routes) {
        List<ModelRoute> left = new ArrayList<>(routes);
        List<ModelRoute> out = new ArrayList<>(routes.size());
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!left.isEmpty()) {
            long total = 0;
            for (ModelRoute r : left) total += weight(r);
            if (total == 0) {
                out.addAll(left);
                break;
            }
            long pick = random.nextLong(total);
            for (int i = 0; i < left.size(); i++) {
                pick -= weight(left.get(i));
                if (pick < 0) {
                    out.add(left.remove(i));
                    break;
                }
            }
        }
        return out;
    }

    private int weight(ModelRoute r) {
        return registry.endpoint(r.provider()).config().weight();
    }
}
