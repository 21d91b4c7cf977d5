package llmgw.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import llmgw.detect.custom.CustomRule;
import llmgw.detect.custom.CustomRuleDetector;
import llmgw.detect.injection.EncodedPayloadDetector;
import llmgw.detect.injection.InjectionClassifier;
import llmgw.detect.injection.InjectionRules;
import llmgw.detect.pii.PiiRules;
import llmgw.detect.secret.PemBlockDetector;
import llmgw.detect.secret.SecretRules;

/**
 * The one scanning engine behind the request guard, the response guard, the context firewall and
 * {@code llmgw scan}: sanitize, run the detectors, resolve overlaps, fingerprint. Built once,
 * immutable, safe to share between threads.
 */
public final class ScanEngine {
    static final Rule HIDDEN_TAGS = new Rule("inj.encoding.unicode_tags", Category.INJECTION, "ENCODING_TRICK", Severity.HIGH);

    private final RegexDetector dataRules;     // PII and secret patterns
    private final RegexDetector allRules;      // the same plus injection patterns: one keyword pass for a full scan
    private final List<Detector> dataExtras;   // PEM blocks, custom rules
    private final Detector encoded;            // decoded base64 and hex, rescanned for injection
    private final RegexDetector injectionRules;
    private final InjectionClassifier classifier;
    private final Fingerprinter fingerprinter;
    private final List<PatternRule> redactionRules;

    private ScanEngine(List<PatternRule> data, List<PatternRule> injection, List<Detector> dataExtras,
                       InjectionClassifier classifier, Fingerprinter fingerprinter) {
        List<PatternRule> all = new ArrayList<>(data);
        all.addAll(injection);
        this.dataRules = new RegexDetector(data);
        this.allRules = new RegexDetector(all);
        this.injectionRules = new RegexDetector(injection);
        this.encoded = classifier == null ? null : new EncodedPayloadDetector(injectionRules);
        this.dataExtras = dataExtras;
        this.classifier = classifier;
        this.fingerprinter = fingerprinter;
        this.redactionRules = List.copyOf(data);
    }

    /** The default rule set plus custom rules, limited to the given categories (custom rules always run). */
    public static ScanEngine create(Set<Category> categories, List<CustomRule> custom, Fingerprinter fingerprinter) {
        List<PatternRule> data = new ArrayList<>();
        if (categories.contains(Category.PII)) data.addAll(PiiRules.all());
        if (categories.contains(Category.SECRET)) data.addAll(SecretRules.all());
        List<Detector> extras = new ArrayList<>();
        if (categories.contains(Category.SECRET)) extras.add(new PemBlockDetector());
        if (!custom.isEmpty()) extras.add(new CustomRuleDetector(custom));
        boolean injection = categories.contains(Category.INJECTION);
        return new ScanEngine(data, injection ? InjectionRules.all() : List.of(), List.copyOf(extras),
                injection ? InjectionClassifier.load() : null, fingerprinter);
    }

    public static ScanEngine standard(Fingerprinter fingerprinter) {
        return create(EnumSet.of(Category.PII, Category.SECRET, Category.INJECTION), List.of(), fingerprinter);
    }

    /** The built-in PII and secret rules this engine redacts with (streaming needs their shapes). */
    public List<PatternRule> redactionRules() {
        return redactionRules;
    }

    public ScanResult scan(String text) {
        return scan(text, true);
    }

    /** Scans for PII, secrets and custom rules only: what the response guard needs, at a fraction of the cost. */
    public ScanResult scanData(String text) {
        return scan(text, false);
    }

    private ScanResult scan(String original, boolean injection) {
        Sanitizer.Sanitized s = Sanitizer.sanitize(original);
        ScanText text = ScanText.of(s.text());
        boolean withInjection = injection && classifier != null;
        List<Match> matches = new ArrayList<>();
        double classifierScore = 0;
        if (withInjection) {
            // One walk over the characters feeds both the classifier and the keyword search.
            Keywords.Cursor cursor = allRules.cursor();
            classifierScore = classifier.score(text.chars(), cursor);
            allRules.detect(text, cursor, matches);
        } else {
            dataRules.detect(text, matches);
        }
        List<Match> data = new ArrayList<>();
        List<Match> inj = new ArrayList<>();
        for (Match m : matches) (m.rule().category() == Category.INJECTION ? inj : data).add(m);
        for (Detector d : dataExtras) d.detect(text, data);
        List<Finding> findings = new ArrayList<>(toFindings(s, strongestOf(data)));
        double risk = 0;
        if (withInjection) {
            encoded.detect(text, inj);
            if (!s.hiddenText().isEmpty()) {
                List<Match> hidden = new ArrayList<>();
                injectionRules.detect(ScanText.of(s.hiddenText()), hidden);
                inj.add(new Match(HIDDEN_TAGS, 0, text.length(), hidden.isEmpty() ? 0.5 : 1.0)); // flag emoji use tags too
            }
            risk = Math.max(classifierScore, combinedRisk(inj));
            findings.addAll(toFindings(s, inj));
        }
        findings.sort(Comparator.comparingInt(Finding::start).thenComparingInt(Finding::end));
        return new ScanResult(s, List.copyOf(findings), risk, classifierScore);
    }

    /**
     * The chance that at least one rule is right, taking the rules as independent witnesses. A rule that
     * matches twice is one witness (its best match): "debug mode" said twice is no stronger a hint than once.
     */
    static double combinedRisk(List<Match> injectionMatches) {
        Map<String, Double> bestByRule = new HashMap<>();
        for (Match m : injectionMatches) bestByRule.merge(m.rule().id(), m.score(), Math::max);
        double none = 1;
        for (double score : bestByRule.values()) none *= 1 - score;
        return 1 - none;
    }

    /**
     * Where data findings overlap (a card number that also looks like a phone number), they become
     * one finding over both spans, named by the strongest: higher score, then severity, then length.
     * One sort and one sweep, so a flood of overlapping candidates costs n log n, not n squared.
     */
    static List<Match> strongestOf(List<Match> matches) {
        if (matches.size() < 2) return matches;
        Comparator<Match> strength = Comparator.comparingDouble(Match::score)
                .thenComparing(m -> m.rule().severity())
                .thenComparingInt(m -> m.end() - m.start());
        List<Match> byStart = new ArrayList<>(matches);
        byStart.sort(Comparator.comparingInt(Match::start));
        List<Match> kept = new ArrayList<>();
        for (Match m : byStart) {
            Match last = kept.isEmpty() ? null : kept.getLast();
            if (last == null || m.start() >= last.end()) {
                kept.add(m);
            } else {
                // The stronger names the finding; the span covers both, so no tail of either stays visible.
                Match strong = strength.compare(m, last) > 0 ? m : last;
                kept.set(kept.size() - 1, new Match(strong.rule(), last.start(), Math.max(last.end(), m.end()), strong.score()));
            }
        }
        return kept;
    }

    private List<Finding> toFindings(Sanitizer.Sanitized s, List<Match> matches) {
        List<Finding> out = new ArrayList<>(matches.size());
        for (Match m : matches) {
            String value = s.text().substring(m.start(), m.end());
            out.add(new Finding(m.rule().id(), m.rule().category(), m.rule().entity(), m.rule().severity(),
                    s.originalStart(m.start()), s.originalEnd(m.end()), m.score(), fingerprinter.fingerprint(value)));
        }
        return out;
    }
}
