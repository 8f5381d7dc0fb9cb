"""POST /v1/admin/reload: a good rule set replaces the serving one, a broken one never does
(the answer lists its errors), and requests keep being answered correctly meanwhile."""
import json
import os
import shutil
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server_util import AS_OF, JSON, error_of, example_person, main, metric_value  # noqa: E402

TOKEN = "reload-token-4f1c9a7e2b"
# Covered by contribution.base with no wage: the base is the floor, 60% of the average wage.
WORKER = {"id": "W1", "birth_date": "1980-05-01", "employment": "employee", "monthly_wage": "0.00"}


def rules_copy(ctx, name="rules"):
    path = ctx.path(name)
    shutil.copytree(ctx.rules, path)
    return path


def set_wage(rules, wage, version=None):
    """Rewrites the average wage (and the version) in place, each file replaced atomically."""
    def rewrite(name, old, new):
        path = os.path.join(rules, name)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        assert old in text, (name, old)
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            f.write(text.replace(old, new))
        os.replace(path + ".tmp", path)
    with open(os.path.join(rules, "parameters.yaml"), encoding="utf-8") as f:
        current = [l for l in f.read().splitlines() if 'value: "' in l and '.00"' in l][0]
    rewrite("parameters.yaml", current, f'        value: "{wage}"')
    if version:
        with open(os.path.join(rules, "ruleset.yaml"), encoding="utf-8") as f:
            line = [l for l in f.read().splitlines() if l.strip().startswith("version:")][0]
        rewrite("ruleset.yaml", line, f'  version: "{version}"')


def token_file(ctx):
    path = ctx.path("admin.token")
    with open(path, "w") as f:
        f.write(TOKEN + "\n")
    return path


def reload(s, token=TOKEN):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    status, _, body = s.request("POST", "/v1/admin/reload", headers=headers)
    return status, json.loads(body)


def base_of(s):
    status, doc = s.post_json("/v1/evaluate", {"as_of": AS_OF, "record": WORKER, "rules": ["contribution.base"]})
    assert status == 200, doc
    return doc["ruleset"]["version"], doc["decisions"][0]["outputs"]["base"]


def test_good_reload_replaces_the_rule_set(ctx):
    rules = rules_copy(ctx)
    s = ctx.serve("--admin-token-file", token_file(ctx), rules=rules)
    assert base_of(s) == ("2024.1", "4200.00")
    set_wage(rules, "8000.00", version="2024.2")
    status, doc = reload(s)
    assert status == 200, doc
    assert doc["reloaded"] is True
    assert doc["ruleset"]["version"] == "2024.2" and doc["ruleset"]["generation"] == 2
    assert doc["previous"]["version"] == "2024.1" and doc["previous"]["generation"] == 1
    assert doc["ruleset"]["hash"] != doc["previous"]["hash"]
    assert base_of(s) == ("2024.2", "4800.00")
    _, ready = s.get_json("/readyz")
    assert ready["ruleset"]["version"] == "2024.2"
    text = s.metrics()
    assert metric_value(text, "entitle_ruleset_reloads_total", result="ok") == 1
    assert f'sha256="{doc["ruleset"]["hash"]}"' in text


def test_broken_rule_set_keeps_the_old_one_serving(ctx):
    rules = rules_copy(ctx)
    s = ctx.serve("--admin-token-file", token_file(ctx), rules=rules)
    path = os.path.join(rules, "rules.yaml")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    broken = text.replace("employment in [employee, flexible]", "employment in [employee, flexibel]")
    broken = broken.replace("expr: employment == flexible", "expr: employment == ")
    assert broken != text
    with open(path, "w", encoding="utf-8") as f:
        f.write(broken)
    status, doc = reload(s)
    assert status == 422, doc
    e = doc["error"]
    assert e["code"] == "ruleset_invalid" and "previous rule set keeps serving" in e["message"]
    assert e["serving"]["version"] == "2024.1" and e["serving"]["generation"] == 1
    errors = [d for d in e["diagnostics"] if d["severity"] == "error"]
    assert len(errors) >= 2, e["diagnostics"]
    for d in errors:
        assert d["file"].endswith("rules.yaml") and d["line"] > 0 and d["column"] > 0, d
        assert d["text"].startswith(f'{d["file"]}:{d["line"]}:{d["column"]}: error: '), d
    assert any("flexibel" in d["message"] for d in errors), errors
    assert base_of(s) == ("2024.1", "4200.00")  # still the old one
    _, ready = s.get_json("/readyz")
    assert ready["ruleset"]["generation"] == 1
    assert metric_value(s.metrics(), "entitle_ruleset_reloads_total", result="failed") == 1
    # Fixed again, it loads.
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    status, doc = reload(s)
    assert status == 200 and doc["ruleset"]["generation"] == 2, doc


def test_reload_needs_the_token(ctx):
    s = ctx.serve("--admin-token-file", token_file(ctx))
    for token in (None, "wrong-token-wrong-token", TOKEN + "x", TOKEN[:-1]):
        status, headers, body = s.request(
            "POST", "/v1/admin/reload", headers={"Authorization": f"Bearer {token}"} if token else {})
        assert status == 401 and error_of(body)["code"] == "unauthorized", (token, body)
        assert headers["www-authenticate"].startswith("Bearer")
    status, _, body = s.request("POST", "/v1/admin/reload", headers={"Authorization": f"Basic {TOKEN}"})
    assert status == 401
    status, _, body = s.request("GET", "/v1/admin/reload")
    assert status == 405


def test_reload_is_disabled_without_a_token_file(ctx):
    s = ctx.serve()
    status, doc = reload(s)
    assert status == 403 and doc["error"]["code"] == "admin_disabled", doc


def test_unusable_token_file_stops_the_start(ctx):
    short = ctx.path("short.token")
    with open(short, "w") as f:
        f.write("abc\n")
    for path in (short, ctx.path("missing.token")):
        s = ctx.serve("--admin-token-file", path, wait=False)
        assert s.wait() == 2
        assert "--admin-token-file" in s.err_text()


def test_reload_under_load_fails_no_request(ctx):
    rules = rules_copy(ctx)
    variants = {}  # hash → base the rule set gives WORKER
    for wage, base in (("7000.00", "4200.00"), ("8000.00", "4800.00")):
        set_wage(rules, wage)
        probe = ctx.serve(rules=rules)
        _, ready = probe.get_json("/readyz")
        variants[ready["ruleset"]["hash"]] = base
        probe.kill()
    s = ctx.serve("--admin-token-file", token_file(ctx), "--threads", "4", rules=rules)
    stop = threading.Event()
    results, problems = [], []
    body = json.dumps({"as_of": AS_OF, "record": WORKER, "rules": ["contribution.base"]})

    def client():
        c = s.connection()
        try:
            while not stop.is_set():
                status, _, data = s.request("POST", "/v1/evaluate", body, JSON, conn=c)
                if status != 200:
                    problems.append((status, data))
                    continue
                doc = json.loads(data)
                results.append((doc["ruleset"]["hash"], doc["decisions"][0]["outputs"]["base"]))
        except Exception as e:  # noqa: BLE001 - any failure is the finding
            problems.append(repr(e))
        finally:
            c.close()

    threads = [threading.Thread(target=client) for _ in range(6)]
    for t in threads:
        t.start()
    reloads = []
    for i in range(16):
        set_wage(rules, "8000.00" if i % 2 == 0 else "7000.00")
        reloads.append(reload(s))
        time.sleep(0.05)
    stop.set()
    for t in threads:
        t.join(timeout=30)
    assert not problems, problems[:5]
    assert all(status == 200 for status, _ in reloads), [d for st, d in reloads if st != 200][:2]
    assert len(results) > 50, len(results)
    seen = set()
    for h, base in results:
        assert variants.get(h) == base, f"rule set {h} answered base {base}"
        seen.add(h)
    assert seen == set(variants), "requests did not see both rule sets"


if __name__ == "__main__":
    main(globals())
