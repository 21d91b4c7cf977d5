package llmgw.stage.policy.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
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
 * Decides by the local YAML policy. Two sources feed it: the policy file, which the operator owns
 * and the gateway only reads (re-read when it changes), and runtime updates from
 * {@code PUT /admin/policy}, kept in {@code <data_dir>/policy-runtime.yaml}. The newer wins: an
 * update overrides the file, a later edit of the file replaces the update. A text that does not
 * validate never takes effect; the policy in force stays. Every text that takes effect is numbered
 * and kept (see {@link PolicyVersions}).
 */
public final class LocalPolicyEngine implements PolicyEngine {
    private static final Logger log = LoggerFactory.getLogger(LocalPolicyEngine.class);
    public static final String RUNTIME_FILE = "policy-runtime.yaml";
    // Policies are data sent by admins: no ${ENV} expansion, or a PUT could read the gateway's secrets.
    private static final ConfigLoader LOADER = new ConfigLoader(Map.of());

    private final Path file;
    private final Path runtimeFile;
    private final PolicyVersions versions;
    private final ScheduledExecutorService watcher;
    private volatile Active active;
    private String fileSeen;

    /** The policy in force. */
    public record Active(LocalPolicy policy, String text, int version, Instant since, String source) {}

    private LocalPolicyEngine(Path file, Path dataDir) {
        this.file = file;
        this.runtimeFile = dataDir.resolve(RUNTIME_FILE);
        this.versions = new PolicyVersions(dataDir.resolve("policy-versions"));
        this.watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "policy-reload");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Puts the newest valid policy in force and watches the file every {@code reloadInterval}.
     *
     * @param fileRequired the file was named in the config: its absence is an error, not "no policy yet"
     * @throws ConfigException when there is no valid policy to start on while one is expected
     */
    public static LocalPolicyEngine start(Path file, boolean fileRequired, Path dataDir, Duration reloadInterval) {
        LocalPolicyEngine engine = new LocalPolicyEngine(file, dataDir);
        try {
            engine.loadAtStart(fileRequired);
        } catch (IOException e) {
            throw new ConfigException("cannot read the policy " + file + ": " + e.getMessage());
        }
        long ms = Math.max(10, reloadInterval.toMillis());
        engine.watcher.scheduleWithFixedDelay(engine::reloadIfChanged, ms, ms, TimeUnit.MILLISECONDS);
        return engine;
    }

    private synchronized void loadAtStart(boolean fileRequired) throws IOException {
        fileSeen = read(file);
        String runtime = read(runtimeFile);
        // The newer source first: an update made over HTTP, unless the file was edited after it.
        boolean fileFirst = runtime == null || fileSeen != null
                && Files.getLastModifiedTime(file).compareTo(Files.getLastModifiedTime(runtimeFile)) > 0;
        if (fileFirst && fileSeen != null && tryActivate(fileSeen, "file " + file)) {
            if (runtime != null) Files.deleteIfExists(runtimeFile); // outdated by the edit
            return;
        }
        if (runtime != null && tryActivate(runtime, "runtime update (" + runtimeFile + ")")) return;
        if (!fileFirst && fileSeen != null && tryActivate(fileSeen, "file " + file)) return;
        Optional<PolicyVersions.Version> last = versions.latest();
        if (last.isPresent() && (fileSeen != null || fileRequired || runtime != null)) {
            log.error("no valid policy in {}; local:{}, the last policy in force, stays until a valid one is written", file, last.get().number());
            activate(last.get().text(), "version history (" + (fileSeen == null ? "policy file missing" : "policy file not valid") + ")");
            return;
        }
        if (fileSeen != null) throw new ConfigException("the policy file " + file + " is not valid:\n" + problems(fileSeen));
        if (fileRequired) throw new ConfigException("policy.file " + file + " does not exist");
        if (last.isPresent()) {
            activate(last.get().text(), "version history");
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
     * Validates a new policy text, keeps it in the data dir and puts it in force.
     *
     * @throws ConfigException listing every problem; the policy in force is unchanged
     */
    public synchronized Active update(String text, String who) throws IOException {
        parse(text);
        AtomicFiles.write(runtimeFile, text);
        activate(text, "PUT /admin/policy by " + who);
        return active;
    }

    /** Re-reads the file; a changed, valid text takes effect (and replaces a runtime update), a broken one is logged. */
    synchronized void reloadIfChanged() {
        try {
            String text = read(file);
            if (text == null ? fileSeen == null : text.equals(fileSeen)) return;
            fileSeen = text;
            if (text == null) {
                log.warn("policy file {} disappeared; the policy in force (local:{}) stays", file, active.version());
                return;
            }
            activate(text, "file " + file);
            if (Files.deleteIfExists(runtimeFile)) log.info("policy file {} changed: it replaces the policy set by PUT /admin/policy", file);
        } catch (ConfigException e) {
            log.error("policy file {} changed but is not valid; local:{} stays in force:\n{}", file, active.version(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            log.error("cannot reload policy file {}; local:{} stays in force: {}", file, active.version(), e.toString());
        }
    }

    private boolean tryActivate(String text, String source) throws IOException {
        try {
            activate(text, source);
            return true;
        } catch (ConfigException e) {
            log.error("the policy in {} is not valid and is not used:\n{}", source, e.getMessage());
            return false;
        }
    }

    private void activate(String text, String source) throws IOException {
        PolicyDocument doc = parse(text);
        PolicyVersions.Version v = versions.record(text);
        Active previous = active;
        active = new Active(new LocalPolicy(doc, v.number()), text, v.number(), Instant.now(), source);
        if (previous == null || previous.version() != v.number()) log.info("policy local:{} in force (from {})", v.number(), source);
    }

    private static PolicyDocument parse(String text) {
        return LOADER.parseDocument(text, PolicyDocument.class, PolicyDocument::validate);
    }

    private static String problems(String text) {
        try {
            parse(text);
            return "";
        } catch (ConfigException e) {
            return e.getMessage();
        }
    }

    private static String read(Path p) throws IOException {
        try {
            return Files.readString(p);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    @Override
    public void close() {
        watcher.shutdownNow();
    }
}
