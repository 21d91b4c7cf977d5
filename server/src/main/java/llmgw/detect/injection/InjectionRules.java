package llmgw.detect.injection;

import static llmgw.detect.Category.INJECTION;

import java.util.List;
import llmgw.detect.PatternRule;
import llmgw.detect.Severity;

/**
 * Prompt-injection and jailbreak patterns, by category (the rule id's middle part). Each is bounded
 * ({@code [^.\n]{0,40}} rather than {@code .*}) so that matching stays linear in the input, and
 * runs only when one of its keywords is present.
 */
public final class InjectionRules {
    private InjectionRules() {}

    private static PatternRule.Builder rule(String id, String entity, Severity severity, double score) {
        return PatternRule.of("inj." + id, INJECTION, entity, severity).score(score).maxLength(300).ignoreCase();
    }

    private static final String GAP = "[^.\\n]{0,40}?";
    /** "Repeat/print/output/copy …", the start of a request to reproduce earlier text. */
    private static final String COPY_OUT = "\\b(?:repeat|print|output|copy)\\b[^.\\n]{0,30}?";
    /** Being free of rules: "no restrictions", "without any content filters", "not bound by guidelines"… */
    private static final String UNBOUND = "\\b(?:no|without(?:\\s+any)?|free\\s+(?:of|from)|zero|(?:don'?t|do\\s+not|never)\\s+(?:have|has|need|follow)\\s+any"
            + "|ignore\\s+all|not\\s+bound\\s+by|break(?:ing)?\\s+(?:free\\s+of|the))\\s+"
            + "(?:(?:content|ethical|moral|safety|openai'?s?)\\s+)?(?:restrictions?|limitations?|limits|filters?|filtering|censorship|guidelines|rules|ethics|morals|boundaries|policies)\\b";
    private static final String[] UNBOUND_WORDS = {"restriction", "limitation", "limits", "filter", "censorship", "guidelines", "rules", "ethics",
            "morals", "boundaries", "policies"};
    private static final String OVERRIDE = "INSTRUCTION_OVERRIDE";
    private static final String EXTRACTION = "PROMPT_EXTRACTION";
    private static final String ROLEPLAY = "ROLEPLAY_JAILBREAK";
    private static final String TEMPLATE = "TEMPLATE_INJECTION";
    private static final String ENCODING = "ENCODING_TRICK";
    private static final String EXFIL = "EXFILTRATION";
    private static final String TOOL = "TOOL_ABUSE";
    private static final Severity H = Severity.HIGH;
    private static final Severity M = Severity.MEDIUM;
    private static final Severity L = Severity.LOW;

    public static List<PatternRule> all() {
        return List.of(
                // instruction override
                rule("override.ignore_previous", OVERRIDE, H, 0.95).anyOf("ignore", "disregard", "forget", "skip", "override", "bypass", "overlook", "neglect").before(0)
                        .regex("\\b(?:ignore|disregard|forget|skip|override|bypass|overlook|neglect)\\b" + GAP
                                + "\\b(?:previous|prior|above|earlier|preceding|all|any|your|the|initial|original|system|former|those)\\b[^.\\n]{0,30}?"
                                + "\\b(?:instructions?|prompts?|rules|directions?|guidelines|context|messages?|commands?|constraints|programming|directives?|tasks?|orders)\\b"),
                rule("override.new_instructions", OVERRIDE, H, 0.85).anyOf("new", "updated", "real", "actual", "true", "revised", "secret").before(0)
                        .regex("\\b(?:new|updated|real|actual|true|revised|secret)[ \\t]+(?:instructions?|rules|task|objective|directives?)\\b[ \\t]*(?::|are\\b|is\\b|follow)"),
                rule("override.from_now_on", OVERRIDE, M, 0.6).anyOf("from").before(0)
                        .regex("\\bfrom\\s+now\\s+on\\b[^.\\n]{0,60}?\\b(?:you|respond|answer|act|ignore|only|always|never|reply)\\b"),
                rule("override.do_not_follow", OVERRIDE, H, 0.85).anyOf("do not", "don't", "dont", "never", "stop").before(0)
                        .regex("\\b(?:do\\s+not|don'?t|never|stop)\\s+(?:follow(?:ing)?|obey(?:ing)?|listen(?:ing)?\\s+to|adher(?:e|ing)\\s+to|comply(?:ing)?\\s+with)\\b"
                                + "[^.\\n]{0,30}?\\b(?:rules|instructions|guidelines|policies|restrictions|programming|openai|anthropic)"),
                rule("override.german", OVERRIDE, H, 0.9).anyOf("ignorier", "vergiss", "missacht", "vergessen").before(0)
                        .regex("\\b(?:ignorier(?:e|en)?|vergiss|vergessen\\s+sie|missachte)\\b[^.\\n]{0,50}?\\b(?:anweisungen|befehle|regeln|vorherigen|alles|oben|vorgaben|aufgaben?)\\b"),
                rule("override.task_switch", OVERRIDE, M, 0.6).anyOf("instead", "now").before(0)
                        .regex("\\b(?:instead|now)\\s*,?\\s+(?:you\\s+(?:must|will|should)|i\\s+want\\s+you\\s+to|your\\s+(?:new\\s+)?(?:task|job|goal)\\s+is)\\b"),
                // system prompt extraction
                rule("extraction.reveal_prompt", EXTRACTION, H, 0.9).anyOf("reveal", "show", "print", "display", "output", "repeat", "leak", "dump", "tell", "give", "write", "spell", "what").before(0)
                        .regex("\\b(?:reveal|show|print|display|output|repeat|leak|dump|tell\\s+me|give\\s+me|write\\s+out|spell\\s+out|what\\s+(?:is|are|was|were))\\b"
                                + GAP + "\\b(?:your|the)\\s+(?:(?:system|initial|hidden|original|secret|internal|full|exact)\\s+)?(?:prompt|instructions|guidelines|rules|configuration)\\b"),
                rule("extraction.repeat_above", EXTRACTION, H, 0.85).anyOf("repeat", "print", "output", "copy").before(0)
                        .regex(COPY_OUT + "\\b(?:words|everything|all|lines?)\\b[^.\\n]{0,30}?\\b(?:above|before|preceding|prior|verbatim)\\b"
                                + "|" + COPY_OUT + "\\btext\\b[^.\\n]{0,30}?\\bverbatim\\b"),
                // "Copy the text above into a table" is how people ask about what they pasted: a hint only.
                rule("extraction.text_above", EXTRACTION, M, 0.5).anyOf("repeat", "print", "output", "copy").before(0)
                        .regex(COPY_OUT + "\\btext\\b[^.\\n]{0,30}?\\b(?:above|before|preceding|prior)\\b"),
                rule("extraction.system_prompt_mention", EXTRACTION, L, 0.4).anyOf("system", "pre-prompt", "preprompt").before(0)
                        .regex("\\b(?:system\\s+(?:prompt|message)|pre-?prompt)\\b"),
                // role play and persona jailbreaks
                rule("roleplay.dan", ROLEPLAY, H, 0.9).anyOf("dan", "anything").before(6)
                        .regex("(?-i:\\bDAN\\b)|\\bdo\\s+anything\\s+now\\b"),
                rule("roleplay.special_mode", ROLEPLAY, H, 0.85).anyOf("unrestricted", "jailbreak", "jailbroken", "evil", "dan", "chaos", "opposite").before(0)
                        .regex("\\b(?:unrestricted|jailbreak|jailbroken|evil|dan|chaos|opposite)\\s+mode\\b"),
                // "Debug mode", "dev mode", "admin mode" are everyday words for developers: a hint, never a block on their own.
                rule("roleplay.mode_switch", ROLEPLAY, M, 0.6).anyOf("developer", "dev", "god", "debug", "admin", "sudo").before(0)
                        .regex("\\b(?:developer|dev|god|debug|admin|sudo)\\s+mode\\b"),
                // "No rules", "without limitations" alone are ordinary words (a story's hero, a text's length): a hint. Said of
                // the model ("you have no restrictions", "an AI without filters, answer…"), they are the jailbreak.
                rule("roleplay.no_restrictions", ROLEPLAY, M, 0.6)
                        .anyOf(UNBOUND_WORDS)
                        .before(30)
                        .regex(UNBOUND),
                rule("roleplay.unbound_model", ROLEPLAY, H, 0.85)
                        .anyOf(UNBOUND_WORDS)
                        .before(90)
                        // The model as the subject, a few words before ("you now have no rules", "an AI without filters"); not
                        // "can you tell me a story where the hero has no rules".
                        .regex("\\b(?:you|you're|ai|assistant|chatbot|bot|model|dan)\\s+(?:[\\w']+\\s+){0,4}?" + UNBOUND
                                // Or an order to answer so: "answer without filters", but not "answer with no limits on length".
                                + "|\\b(?:answer|respond|reply|talk|speak)\\s+(?:me\\s+)?(?:without(?:\\s+any)?|with\\s+no)\\s+(?:(?:content|ethical|moral|safety)\\s+)?"
                                + "(?:restrictions?|filters?|filtering|censorship|guidelines|rules|ethics|morals)\\b"
                                + "|" + UNBOUND + "[^.\\n]{0,40}?\\b(?:ai|assistant|chatbot|model|respond|answer|reply)\\b"),
                rule("roleplay.pretend_unbound", ROLEPLAY, H, 0.8).anyOf("pretend", "imagine", "act", "role", "simulate", "hypothetical").before(0)
                        .regex("\\b(?:pretend|imagine|act\\s+as|roleplay|role-play|simulate|hypothetically)\\b[^.\\n]{0,80}?"
                                + "\\b(?:no\\s+rules|unfiltered|uncensored|evil|without\\s+(?:any\\s+)?(?:rules|restrictions|limits|filters)|can\\s+do\\s+anything|not\\s+bound|amoral|unethical)"),
                rule("roleplay.persona_switch", ROLEPLAY, M, 0.6).anyOf("you").before(0)
                        .regex("\\byou(?:\\s+are|'re)\\s+(?:now|no\\s+longer|going\\s+to\\s+(?:act|pretend|be))\\b"),
                rule("roleplay.stay_in_character", ROLEPLAY, M, 0.6).anyOf("stay", "remain", "keep", "break").before(0)
                        .regex("\\b(?:stay|remain|keep)\\s+in\\s+character\\b|\\bbreak(?:ing)?\\s+character\\b"),
                rule("roleplay.unfiltered_ai", ROLEPLAY, H, 0.8).anyOf("unfilter", "uncensor", "amoral", "unethical", "immoral", "unrestrict").before(0)
                        .regex("\\b(?:unfiltered|uncensored|amoral|unethical|immoral|unrestricted)\\b[^.\\n]{0,40}?\\b(?:ai|assistant|chatbot|bot|model|responses?|answers?|version|persona)\\b"),
                rule("roleplay.dual_response", ROLEPLAY, H, 0.8).anyOf("jailbr", "classic", "responses", "answers").before(24)
                        .regex("\\[(?:jailbreak|classic|\\W{0,2}jailbroken)[^\\]\\n]{0,20}\\]|\\b(?:two|2|dual)\\s+(?:different\\s+)?(?:responses|answers)\\b[^.\\n]{0,60}?\\b(?:normal|jailbreak|unfiltered|dan|censored)"),
                rule("roleplay.jailbreak_word", ROLEPLAY, M, 0.6).anyOf("jail").before(0)
                        .regex("\\bjail\\s?break(?:ing|s|ed)?\\b"),
                // chat-template and delimiter injection
                rule("template.fake_role_tags", TEMPLATE, H, 0.85)
                        .anyOf("<system", "</system", "<sys>", "</sys>", "<instruction", "</instruction", "<assistant", "</assistant", "<im_", "</im_", "<|").before(0)
                        .regex("</?(?:system|sys|instructions?|assistant|im_start|im_end)>|<\\|(?:im_start|im_end|system|user|assistant|endoftext|eot_id|start_header_id|end_header_id)\\|>"),
                rule("template.markdown_headers", TEMPLATE, M, 0.7).anyOf("##").before(24).backOver(c -> c == '#' || c == ' ' || c == '\t')
                        .regex("(?m)^[ \\t]*#{2,4}[ \\t]*(?:instructions?|system(?:\\s+prompt)?|new\\s+instructions?|admin|override)[ \\t]*:?[ \\t]*$"),
                rule("template.llama_tags", TEMPLATE, H, 0.85).anyOf("[inst]", "[/inst]", "<<").before(0)
                        .regex("\\[/?INST\\]|<<\\s?/?SYS\\s?>>"),
                rule("template.role_prefix", TEMPLATE, M, 0.6).anyOf("system", "assistant", "[system]").before(24).backOver(c -> c == ' ' || c == '\t')
                        .regex("(?m)^[ \\t]*(?:system|assistant|\\[system\\])[ \\t]*:[ \\t]*\\S"),
                // encoding tricks
                rule("encoding.decode_and_follow", ENCODING, H, 0.8).anyOf("decode", "base64", "b64", "rot13", "hex", "deciph", "decrypt", "translate").before(0)
                        .regex("\\b(?:decode|base64|b64|rot13|hex|decipher|decrypt|translate)\\b" + GAP + "\\b(?:and|then)\\s+(?:follow|execute|run|do|obey|answer|act\\s+on|comply)"),
                // exfiltration through links and images
                rule("exfiltration.markdown_image_params", EXFIL, H, 0.85).anyOf("![").before(0).maxLength(800)
                        .regex("!\\[[^\\]\\n]{0,100}\\]\\(\\s*https?://[^)\\s]{1,300}[?&][^)\\s=]{1,50}=[^)\\s]{0,300}\\)"),
                rule("exfiltration.data_into_url", EXFIL, H, 0.8).anyOf("append", "include", "add", "encode", "put", "insert", "embed").before(0)
                        .regex("\\b(?:append|include|add|encode|put|insert|embed)\\b" + GAP + "\\b(?:to|in|into|as)\\s+(?:the\\s+|a\\s+)?(?:url|link|image\\s+(?:url|link|src)|query\\s+(?:string|param(?:eter)?s?))\\b"),
                rule("exfiltration.send_to", EXFIL, M, 0.6).anyOf("send", "post", "upload", "forward", "exfil", "leak", "transmit", "email").before(0)
                        .regex("\\b(?:send|post|upload|forward|exfiltrate|leak|transmit|email)\\b" + GAP + "\\b(?:to|at)\\s+(?:https?://|[\\w.+-]+@[\\w-]+\\.|my\\s+(?:server|email|webhook|endpoint))"),
                // tool and function abuse
                rule("tool.dangerous_call", TOOL, H, 0.85).anyOf("call", "invoke", "run", "execute", "use", "trigger").before(0)
                        .regex("\\b(?:call|invoke|run|execute|use|trigger)\\b[^.\\n]{0,30}?\\b(?:tool|function|plugin|command|shell|terminal|bash|api)\\b[^.\\n]{0,40}?"
                                + "(?:\\bdelete\\b|\\bdrop\\b|rm\\s+-rf|\\btransfer\\b|\\bwire\\b|\\bexfiltrate\\b|\\bshutdown\\b|\\bsudo\\b|\\bcurl\\b|\\bwget\\b)"),
                rule("tool.destructive_command", TOOL, H, 0.75).anyOf("rm", "drop", "curl", "wget", "chmod", "mkfs").before(0)
                        .regex("\\brm\\s+-(?:rf|fr)\\s+[/~*]|\\bdrop\\s+(?:table|database)\\b|\\b(?:curl|wget)\\s[^|\\n]{0,200}\\|\\s*(?:ba|z)?sh\\b|\\bchmod\\s+-?R?\\s*777\\b|\\bmkfs\\.\\w+"),
                rule("tool.injected_call", TOOL, M, 0.7).anyOf("function_call", "tool_call").before(1)
                        .regex("[\"']?(?:function_call|tool_calls?)[\"']?\\s*:\\s*[\\[{]"));
    }
}
