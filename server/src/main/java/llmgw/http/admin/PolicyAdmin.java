package llmgw.http.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import llmgw.api.Json;
import llmgw.config.ConfigException;
import llmgw.http.PipelineEndpoint.Reply;
import llmgw.pipeline.Exchange;
import llmgw.pipeline.GatewayError;
import llmgw.stage.policy.local.LocalPolicyEngine;
import llmgw.stage.policy.opa.OpaConfig;

/**
 * {@code GET /admin/policy} shows the policy in force; {@code PUT /admin/policy} replaces the local
 * policy with a YAML (or JSON) document, validated first, kept in the data dir and numbered.
 * Under OPA the policy lives in OPA, so PUT is refused.
 */
public final class PolicyAdmin {
    private final LocalPolicyEngine local;
    private final OpaConfig opa;

    /** @param local the local engine, or null when OPA decides */
    public PolicyAdmin(LocalPolicyEngine local, OpaConfig opa) {
        this.local = local;
        this.opa = opa;
    }

    public Reply get(Exchange ex, Context ctx) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        if (local == null) {
            out.put("mode", "OPA").put("url", opa.displayUrl()).put("path", opa.path()).put("fail_open", opa.failOpen())
                    .put("version", "opa:" + opa.path());
            return Reply.ok(out);
        }
        return Reply.ok(describe(local.active()));
    }

    public Reply put(Exchange ex, Context ctx) throws IOException {
        if (local == null) {
            throw new GatewayError(409, "invalid_request_error", "policy_managed_by_opa",
                    "the policy is decided by OPA at " + opa.displayUrl() + "; change it there", null).toException();
        }
        AdminBodies.requireContentType(ex, "application/yaml", "application/x-yaml", "text/yaml", "application/json", "text/plain");
        String text = AdminBodies.text(ex);
        int before = local.active().version();
        LocalPolicyEngine.Active now;
        try {
            now = local.update(text, ex.principal().tenant() + "/" + ex.principal().subject());
        } catch (ConfigException e) {
            throw GatewayError.invalidRequest("invalid_policy", "the policy was not changed: " + e.getMessage().replace('\n', ';')).toException();
        }
        ex.reasons().add("admin: policy local:" + before + " -> local:" + now.version());
        ObjectNode out = describe(now);
        out.put("previous_version", "local:" + before);
        return Reply.ok(out);
    }

    private ObjectNode describe(LocalPolicyEngine.Active a) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("mode", "LOCAL");
        out.put("version", "local:" + a.version());
        out.put("source", a.source());
        out.put("since", a.since().toString());
        out.put("file", local.file().toString());
        out.put("policy", a.text());
        return out;
    }
}
