#!/usr/bin/env python3
"""Builds the benign pastes set for the injection classifier (server/src/test/resources/eval/injection/benign_pastes.jsonl).

Snippets of real source code, generated logs, tables and CSV, and sentences full of personal data, all labeled 0:
text that people paste into prompts and that must not read as an attack. Usage:
  scripts/make-benign-pastes-set.py JAVA_SRC_DIR JS_SRC_DIR PY_SRC_DIR PRESIDIO_JSON > benign_pastes.jsonl
(the set in the repository was made from commons-lang3 3.17.0's sources jar, lodash 4.17.21 and express 4.21.2
from npm, CPython 3.10's standard library and the presidio sentences in eval/pii; see the README beside it).
One snippet a source file, so that no two overlapping snippets fall on both sides of the held-out split.
Deterministic for the same inputs.
"""
import json
import pathlib
import random
import sys

rng = random.Random(20261202)


def snippets(root, suffix, per_file, limit):
    out = []
    files = sorted(p for p in pathlib.Path(root).rglob("*" + suffix) if "test" not in p.parts)
    rng.shuffle(files)
    for path in files:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)
        for _ in range(per_file):
            if not lines or len(out) >= limit:
                break
            start = rng.randrange(len(lines))
            size = rng.randint(300, 1500)
            chunk = ""
            for line in lines[start:]:
                if len(chunk) + len(line) > size:
                    break
                chunk += line
            if len(chunk.strip()) >= 200:
                out.append(chunk)
    return out


def logs(count):
    levels = ["INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"]
    paths = ["/v1/models", "/v1/chat/completions", "/api/orders", "/healthz", "/login", "/static/app.js"]
    services = ["gateway", "billing", "auth", "scheduler", "worker-3"]
    out = []
    for _ in range(count):
        n = rng.randint(8, 40)
        t = rng.randint(0, 80000)
        style = rng.randrange(3)
        lines = []
        for _ in range(n):
            t += rng.randint(0, 30)
            ts = "2026-%02d-%02dT%02d:%02d:%02d.%03dZ" % (rng.randint(1, 12), rng.randint(1, 28), t // 3600 % 24, t // 60 % 60, t % 60, rng.randint(0, 999))
            if style == 0:
                lines.append("%s %-5s [%s] %s %s %d in %d ms" % (ts, rng.choice(levels), rng.choice(services), rng.choice(["GET", "POST"]),
                                                              rng.choice(paths), rng.choice([200, 200, 201, 204, 400, 401, 404, 500, 503]), rng.randint(1, 900)))
            elif style == 1:
                lines.append('127.0.0.1 - - [%s] "%s %s HTTP/1.1" %d %d "-" "curl/8.5.0"' % (ts, rng.choice(["GET", "POST"]), rng.choice(paths),
                                                                                          rng.choice([200, 304, 404, 500]), rng.randint(0, 50000)))
            else:
                lines.append(json.dumps({"ts": ts, "level": rng.choice(levels).lower(), "service": rng.choice(services),
                                         "msg": rng.choice(["request done", "retrying upstream", "cache miss", "job finished", "connection reset by peer"]),
                                         "latency_ms": rng.randint(1, 900)}))
        out.append("\n".join(lines))
    return out


def tables(count):
    out = []
    for _ in range(count):
        cols = rng.sample(["id", "name", "email_domain", "region", "plan", "seats", "mrr", "status", "created", "owner"], rng.randint(3, 6))
        rows = rng.randint(5, 40)
        csv = rng.random() < 0.5
        sep = "," if csv else " | "
        lines = [sep.join(cols)] if csv else ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
        for i in range(rows):
            vals = [str(rng.randint(1, 99999)) if c in ("id", "seats", "mrr") else rng.choice(["eu-west", "us-east", "pro", "free", "active", "paused", "acme.io", "ops", "2025-07-01"]) for c in cols]
            lines.append(sep.join(vals) if csv else "| " + " | ".join(vals) + " |")
        out.append("\n".join(lines))
    return out


def personal(presidio, count):
    sentences = [s["full_text"] for s in json.load(open(presidio, encoding="utf-8"))]
    return rng.sample(sentences, count)


def main():
    java, js, py, presidio = sys.argv[1:5]
    sets = [snippets(java, ".java", 1, 260), snippets(js, ".js", 1, 160), snippets(py, ".py", 1, 260), logs(100), tables(60),
            personal(presidio, 500)]
    for text in (t for s in sets for t in s):
        print(json.dumps({"text": text, "label": 0}, ensure_ascii=False))


if __name__ == "__main__":
    main()
