"""Every route of `entitle serve` answering what it should (docs/rest.md)."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server_util import AS_OF, JSON, error_of, example_person, main, metric_value, people  # noqa: E402


def test_evaluate_is_the_decisions_json_of_entitle_eval(ctx):
    s = ctx.serve()
    for i, person in enumerate([example_person(ctx)] + people(8, seed=1)):
        status, headers, body = s.request("POST", "/v1/evaluate", {"as_of": AS_OF, "record": person})
        assert status == 200, body
        assert headers["content-type"] == "application/json"
        assert body.decode() == ctx.eval(person), f"record {i} differs from entitle eval"


def test_evaluate_options_explain_lang_rules_entity(ctx):
    s = ctx.serve()
    person = example_person(ctx)
    rules = ["contribution.base", "resident_pension.hardship_60"]
    body = {"as_of": "2024-03-31", "entity": "person", "record": person, "rules": rules,
            "explain": True, "lang": "en"}
    status, _, data = s.request("POST", "/v1/evaluate", body)
    assert status == 200, data
    args = ["--explain", "--lang", "en", "--entity", "person"] + [a for r in rules for a in ("--rule", r)]
    assert data.decode() == ctx.eval(person, *args, as_of="2024-03-31")
    doc = json.loads(data)
    assert [d["rule"] for d in doc["decisions"]] == rules
    assert all("explanation" in d for d in doc["decisions"])


def test_batch_results_in_order_with_error_objects_in_place(ctx):
    s = ctx.serve()
    good = people(5, seed=2)
    records = good[:2] + [{"id": "bad", "birth_date": "1964-02-30"}] + good[2:] + [[1]]
    status, doc = s.post_json("/v1/evaluate/batch", {"as_of": AS_OF, "records": records})
    assert status == 200, doc
    assert doc["count"] == 7 and doc["failed"] == 2 and len(doc["results"]) == 7
    for i, p in zip([0, 1, 3, 4, 5], good):
        assert json.dumps(doc["results"][i], ensure_ascii=False, separators=(",", ":")) == ctx.eval(p)
    e = doc["results"][2]["error"]
    assert e["code"] == "invalid_record" and e["index"] == 2 and e["status"] == 422
    assert e["field"] == "records[2].birth_date", e
    assert e["line"] == 1 and e["column"] > 1
    assert doc["results"][6]["error"]["field"] == "records[6]"


def test_batch_record_error_position_points_into_the_body(ctx):
    s = ctx.serve()
    text = '{"as_of": "2024-07-01",\n "records": [\n  {"id": "a"},\n  {"id": "b", "sex": "X"}\n ]}'
    status, _, data = s.request("POST", "/v1/evaluate/batch", text, JSON)
    assert status == 200, data
    e = json.loads(data)["results"][1]["error"]
    assert (e["field"], e["line"], e["column"]) == ("records[1].sex", 4, 22), e


def test_batch_limit_on_records(ctx):
    s = ctx.serve("--max-batch-records", "3")
    p = example_person(ctx)
    status, doc = s.post_json("/v1/evaluate/batch", {"as_of": AS_OF, "records": [p] * 3})
    assert status == 200 and doc["count"] == 3
    status, doc = s.post_json("/v1/evaluate/batch", {"as_of": AS_OF, "records": [p] * 4})
    assert status == 413, doc
    assert doc["error"]["code"] == "too_many_records" and doc["error"]["field"] == "records"
    status, doc = s.post_json("/v1/evaluate/batch", {"as_of": AS_OF, "records": []})
    assert status == 200 and doc == {"count": 0, "failed": 0, "results": []}


def test_rules_list_and_one_rule(ctx):
    s = ctx.serve()
    status, doc = s.get_json("/v1/rules")
    assert status == 200
    assert doc["name"] == "screening-2024" and len(doc["hash"]) == 64
    assert "files" not in doc  # server paths stay on the server
    ids = [r["id"] for r in doc["rules"]]
    assert "resident_pension.hardship_60" in ids
    hardship = doc["rules"][ids.index("resident_pension.hardship_60")]
    assert hardship["citation"]["document"] == "滕人社发〔2019〕24号"
    assert hardship["effective"]["from"] == "2019-12-20"
    assert [e["name"] for e in doc["entities"]] == ["person"]
    fields = [f["name"] for f in doc["entities"][0]["fields"]]
    assert "birth_date" in fields
    for rule_id in ids:
        status, one = s.get_json("/v1/rules/" + rule_id)
        assert status == 200
        assert one["rule"] == doc["rules"][ids.index(rule_id)]
        assert one["ruleset"]["hash"] == doc["hash"]
        assert one["schema"]["name"] == one["rule"]["entity"]
    status, err = s.get_json("/v1/rules/resident_pension.hardship_6")
    assert status == 404 and err["error"]["field"] == "id"
    assert "did you mean 'resident_pension.hardship_60'" in err["error"]["message"]


def test_rules_warnings_name_files_within_the_rule_set(ctx):
    s = ctx.serve(rules=os.path.join(ctx.source, "tests", "server", "data", "overflow"))
    status, doc = s.get_json("/v1/rules")
    assert status == 200
    assert len(doc["warnings"]) == 1, doc["warnings"]
    assert doc["warnings"][0] == "ruleset.yaml:15:3: warning: parameter 'unused_rate' is never read", doc


def test_health_readiness(ctx):
    s = ctx.serve()
    status, doc = s.get_json("/healthz")
    assert (status, doc) == (200, {"status": "ok"})
    status, doc = s.get_json("/readyz")
    assert status == 200 and doc["status"] == "ready"
    assert doc["ruleset"]["name"] == "screening-2024" and doc["ruleset"]["generation"] == 1


def test_openapi_served_is_the_checked_in_file(ctx):
    s = ctx.serve()
    status, headers, body = s.request("GET", "/openapi.json")
    assert status == 200 and headers["content-type"] == "application/json"
    with open(os.path.join(ctx.source, "docs", "openapi.json"), "rb") as f:
        assert body == f.read()
    paths = json.loads(body)["paths"]
    # Every path it lists answers (not 404) on the method it documents.
    for path, item in paths.items():
        for method in item:
            status, _, _ = s.request(method.upper(), path.replace("{id}", "contribution.base"),
                                     "{}" if method == "post" else None, JSON)
            assert status != 404, f"{method} {path}"


def test_metrics_count_requests_latency_ruleset(ctx):
    s = ctx.serve()
    p = example_person(ctx)
    for _ in range(3):
        s.request("POST", "/v1/evaluate", {"as_of": AS_OF, "record": p})
    s.request("POST", "/v1/evaluate", {"as_of": "x", "record": p})
    s.request("GET", "/nowhere")
    text = s.metrics()
    assert metric_value(text, "entitle_http_requests_total", route="/v1/evaluate", method="POST", status="200") == 3
    assert metric_value(text, "entitle_http_requests_total", route="/v1/evaluate", method="POST", status="422") == 1
    assert metric_value(text, "entitle_http_requests_total", route="unmatched", method="GET", status="404") == 1
    assert metric_value(text, "entitle_http_request_duration_seconds_count", route="/v1/evaluate") == 4
    assert metric_value(text, "entitle_http_request_duration_seconds_bucket", route="/v1/evaluate", le="+Inf") == 4
    assert metric_value(text, "entitle_records_evaluated_total", result="ok") == 3
    _, ready = s.get_json("/readyz")
    info = [l for l in text.splitlines() if l.startswith("entitle_ruleset_info{")]
    assert len(info) == 1 and f'sha256="{ready["ruleset"]["hash"]}"' in info[0] and info[0].endswith(" 1")
    assert metric_value(text, "entitle_ruleset_reloads_total", result="ok") == 0
    assert metric_value(text, "entitle_ruleset_reloads_total", result="failed") == 0
    assert "# TYPE entitle_http_request_duration_seconds histogram" in text


def test_access_log_json_lines(ctx):
    log = ctx.path("access.log")
    s = ctx.serve("--access-log", log)
    s.request("GET", "/healthz")
    s.request("POST", "/v1/evaluate", {"as_of": AS_OF, "record": example_person(ctx)})
    s.request("GET", "/v1/rules/nope")
    with open(log, encoding="utf-8") as f:
        lines = [json.loads(l) for l in f]
    assert [(l["method"], l["path"], l["status"]) for l in lines] == [
        ("GET", "/healthz", 200), ("POST", "/v1/evaluate", 200), ("GET", "/v1/rules/nope", 404)]
    for l in lines:
        assert set(l) == {"time", "request_id", "remote", "method", "path", "status", "bytes_in",
                          "bytes_out", "duration_ms"}
        assert l["remote"].startswith("127.0.0.1:") and l["bytes_out"] > 0
    assert lines[1]["bytes_in"] > 300


def test_access_log_to_stdout_after_the_address(ctx):
    s = ctx.serve("--access-log", "-")
    s.request("GET", "/healthz")
    s.signal()
    assert s.wait() == 0
    out = s.out_text().splitlines()
    assert out[0].startswith("listening on http://127.0.0.1:")
    assert json.loads(out[1])["path"] == "/healthz"


def test_keep_alive_serves_many_requests_on_one_connection(ctx):
    s = ctx.serve()
    c = s.connection()
    for _ in range(5):
        status, headers, _ = s.request("GET", "/healthz", conn=c)
        assert status == 200 and headers.get("connection", "").lower() != "close"
    c.close()


def test_start_fails_cleanly_on_a_used_port_or_a_broken_rule_set(ctx):
    first = ctx.serve()
    second = ctx.serve(port=first.port, wait=False)
    assert second.wait() == 2
    assert f"cannot listen on 127.0.0.1:{first.port}" in second.err_text(), second.err_text()
    broken = ctx.path("broken")
    os.makedirs(broken)
    with open(os.path.join(broken, "ruleset.yaml"), "w", encoding="utf-8") as f:
        f.write("ruleset:\n  name: broken\n  version: '1'\n  titel: {zh: x, en: x}\n")
    bad = ctx.serve(rules=broken, wait=False)
    assert bad.wait() == 1
    assert "ruleset.yaml:4:3: error:" in bad.err_text(), bad.err_text()
    assert bad.out_text() == "", "a broken rule set must not get as far as listening"


if __name__ == "__main__":
    main(globals())
