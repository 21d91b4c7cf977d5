# llmgw sample policy for Open Policy Agent (OPA 1.0 / Rego v1).
#
# It decides what the local sample policy decides: the same rules, first match wins, default deny.
#
# Run it:   opa run --server --addr 127.0.0.1:8181 config-samples/policy.rego
# Point llmgw at it (policy.opa in the gateway config, or OPA_URL / OPA_POLICY_PATH):
#   url: http://127.0.0.1:8181
#   path: llmgw/authz
# For every request llmgw POSTs {"input": {...}} to /v1/data/llmgw/authz and reads the answer
# {"result": {"allow": <bool>, "deny": [<reasons>], "max_tokens": <n>}}: any deny reason denies,
# otherwise allow decides; max_tokens caps requests that set none.
#
# The input: tenant, subject, role, tier, key_id, model, provider, endpoint, stream, tools,
# max_tokens, scan.injection_score (null when the request was not scanned), scan.findings.
package llmgw.authz

# The local rules, in order. A rule without an effect allows, within its limits.
rules := {
	"admins": {},
	"contractors-stay-local": {"effect": "deny", "reason": "contractors may not send data to OpenAI"},
	"free": {
		"models": ["llama-*", "stub"],
		"providers": ["ollama", "stub"],
		"max_tokens": 512,
		"features": {"streaming": true, "tools": false}
	},
	"premium": {
		"models": ["llama-*", "stub", "claude-*", "openai:gpt-4o-mini*"],
		"max_tokens": 4096
	},
	"enterprise": {}
}

# Callers without a tier are treated as free.
tier := input.tier if {
	is_string(input.tier)
	input.tier != ""
} else := "free"

# The first rule whose match fits the request; undefined when none does.
matched := "admins" if {
	input.role == "admin"
} else := "contractors-stay-local" if {
	input.tenant == "contractors"
	model_matches("openai:*")
} else := "free" if {
	tier == "free"
} else := "premium" if {
	tier == "premium"
} else := "enterprise" if {
	tier == "enterprise"
}

default allow := false

allow if {
	matched
	count(deny) == 0
}

deny contains "no policy rule matched (default: deny)" if {
	not matched
}

deny contains "auditors may not send requests" if {
	input.role == "auditor"
}

deny contains msg if {
	rules[matched].effect == "deny"
	reason := object.get(rules[matched], "reason", "denies this request")
	msg := sprintf("rule %s: %s", [matched, reason])
}

# The matched rule's cap: llmgw applies it to requests that set no max_tokens, as the local policy does.
max_tokens := rules[matched].max_tokens

deny contains msg if {
	patterns := rules[matched].models
	not any_model_matches(patterns)
	msg := sprintf("rule %s: model %v is not allowed", [matched, input.model])
}

deny contains msg if {
	providers := rules[matched].providers
	not input.provider in providers
	msg := sprintf("rule %s: provider %v is not allowed", [matched, input.provider])
}

deny contains msg if {
	limit := rules[matched].max_tokens
	is_number(input.max_tokens)
	input.max_tokens > limit
	msg := sprintf("rule %s: max_tokens %v is above the limit of %v", [matched, input.max_tokens, limit])
}

deny contains msg if {
	rules[matched].features.tools == false
	input.tools == true
	msg := sprintf("rule %s: tools are not allowed", [matched])
}

deny contains msg if {
	rules[matched].features.streaming == false
	input.stream == true
	msg := sprintf("rule %s: streaming is not allowed", [matched])
}

# Beyond the local policy, Rego can also decide on what the guards found, for example:
#   deny contains "prompt injection risk" if input.scan.injection_score >= 0.9
# Left out here so that this file decides exactly what config-samples/policy.yaml decides.

any_model_matches(patterns) if {
	some pattern in patterns
	model_matches(pattern)
}

# A pattern with ':' matches "provider:model", any other the model name; '*' spans any characters
# (null delimiters, so '*' also crosses '.' and ':').
model_matches(pattern) if {
	indexof(pattern, ":") != -1
	glob.match(pattern, null, concat(":", [input.provider, input.model]))
}

model_matches(pattern) if {
	indexof(pattern, ":") == -1
	glob.match(pattern, null, input.model)
}
