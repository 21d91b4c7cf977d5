package llmgw.stage.policy.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import llmgw.config.ConfigException;
import llmgw.config.ConfigLoader;
import llmgw.stage.policy.PolicyDecision;
import llmgw.stage.policy.PolicyEngine;
import llmgw.stage.policy.PolicyInput;
import llmgw.store.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides by the local YAML policy. The policy lives in one file, re-read when it changes on disk
 * and rewritten by {@code PUT /admin/policy}; a new text that does not validate is refused and
 * the policy in force stays. Every text that takes effect is numbered and kept (see {@link PolicyVersions}).
 */
public final class LocalPolicyEngine implements PolicyEngine {
    private static final Logger log = LoggerFactory.getLogger(LocalPolicyEngine.class);

    private final Path file;
    private final PolicyVersions versions;
    private final ConfigLoader loader;
    private final ScheduledExecutorService watcher;
    private volatile Active active;
    private Stamp seen;

    /** The policy in force. */
    public record Active(LocalPolicy policy, String text, int version, Instant since, String source) {}

    private record Stamp(FileTime modified, long size) {}

    private LocalPolicyEngine(Path file, Path dataDir, Map<String, String> env) {
        this.file = file;
        this.versions = new PolicyVersions(dataDir.resolve("policy-versions"));
        this.loader = new ConfigLoader(env);
        this.watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "policy-reload");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Loads the policy file (or, when it is missing, the last version in force, else the built-in
     * allow-all policy) and watches the file every {@code reloadInterval}.
     *
     * @throws ConfigException when the file on disk is not a valid policy: the gateway does not start on it
     */
    public static LocalPolicyEngine start(Path file, Path dataDir, Duration reloadInterval, Map<String, String> env) {
        LocalPolicyEngine engine = new LocalPolicyEngine(file, dataDir, env);
        try {
            engine.loadAtStart();
        } catch (IOException e) {
            throw new ConfigException("cannot read the policy " + file + ": " + e.getMessage());
        } catch (ConfigException e) {
            throw new ConfigException("the policy file " + file + " is not valid:\n" + e.getMessage());
        }
        long ms = Math.max(10, reloadInterval.toMillis());
        engine.watcher.scheduleWithFixedDelay(engine::reloadIfChanged, ms, ms, TimeUnit.MILLISECONDS);
        return engine;
    }

    private synchronized void loadAtStart() throws IOException {
        Stamp stamp = stamp();
        if (stamp != null) {
            activate(Files.readString(file), "file " + file);
            seen = stamp;
            return;
        }
        var latest = versions.latest();
        if (latest.isPresent()) {
            log.warn("policy file {} is missing; version {} from {} stays in force until one is written",
                    file, latest.get().number(), "policy-versions");
            active = new Active(new LocalPolicy(parse(latest.get().text()), latest.get().number()), latest.get().text(),
                    latest.get().number(), Instant.now(), "version history (policy file missing)");
        } else {
            active = new Active(new LocalPolicy(parse(PolicyDocument.BUILT_IN), 0), PolicyDocument.BUILT_IN, 0, Instant.now(), "built-in");
        }
    }

    @Override
    public PolicyDecision decide(PolicyInput input) {
        return active.policy().decide(input);
    }

    @Override
    public String mode() {
        return "LOCAL";
    }

    public Active active() {
        return active;
    }

    public Path file() {
        return file;
    }

    /**
     * Validates a new policy text, writes it to the policy file and puts it in force.
     *
     * @throws ConfigException listing every problem; the policy in force is unchanged
     */
    public synchronized Active update(String text, String who) throws IOException {
        parse(text);
        AtomicFiles.write(file, text);
        seen = stamp();
        activate(text, "PUT /admin/policy by " + who);
        return active;
    }

    /** Re-reads the file when its size or time changed; a broken file is logged and ignored. */
    synchronized void reloadIfChanged() {
        try {
            Stamp now = stamp();
            if (now == null) {
                if (seen != null) log.warn("policy file {} disappeared; the policy in force (local:{}) stays", file, active.version());
                seen = null;
                return;
            }
            if (now.equals(seen)) return;
            seen = now;
            String text = Files.readString(file);
            if (text.equals(active.text())) return;
            activate(text, "file " + file);
        } catch (ConfigException e) {
            log.error("policy file {} changed but is not valid; local:{} stays in force:\n{}", file, active.version(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            log.error("cannot reload policy file {}; local:{} stays in force: {}", file, active.version(), e.toString());
        }
    }

    private void activate(String text, String source) throws IOException {
        PolicyDocument doc = parse(text);
        PolicyVersions.Version v = versions.record(text);
        Active previous = active;
        active = new Active(new LocalPolicy(doc, v.number()), text, v.number(), Instant.now(), source);
        if (previous == null || previous.version() != v.number()) log.info("policy local:{} in force (from {})", v.number(), source);
    }

    private PolicyDocument parse(String text) {
        return loader.parseDocument(text, PolicyDocument.class, PolicyDocument::validate);
    }

    private Stamp stamp() throws IOException {
        try {
            return new Stamp(Files.getLastModifiedTime(file), Files.size(file));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    @Override
    public void close() {
        watcher.shutdownNow();
    }
}
