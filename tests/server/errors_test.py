"""Every error answer of `entitle serve`: the status, the JSON error shape, and where it says
the problem is. No exception text ever reaches the client."""
import gzip
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server_util import (AS_OF, JSON, error_of, example_person, main, parse_response,  # noqa: E402
                         raw_exchange)


def evaluate_body(ctx, size=None):
    """An evaluate request body, padded with blanks to exactly `size` bytes when given."""
    body = json.dumps({"as_of": AS_OF, "record": example_person(ctx)}).encode()
    if size is not None:
        assert size >= len(body)
        body = body[:-1] + b" " * (size - len(body)) + b"}"
        assert len(body) == size
    return body


def test_malformed_json_is_400_with_position(ctx):
    s = ctx.serve()
    status, _, body = s.request("POST", "/v1/evaluate", '{"as_of": "2024-07-01",\n "record": {"id": "x",}}', JSON)
    e = error_of(body)
    assert status == 400 and e["code"] == "malformed_json", body
    assert (e["line"], e["column"]) == (2, 23), e
    status, _, body = s.request("POST", "/v1/evaluate", "", JSON)
    assert status == 400 and error_of(body)["code"] == "malformed_json"


def test_nesting_depth_limit_is_400(ctx):
    s = ctx.serve("--max-json-depth", "8")
    ok = '{"as_of": "2024-07-01", "record": {"id": "x"}, "rules": [], "x": [[[[[[1]]]]]]}'
    status, _, body = s.request("POST", "/v1/evaluate", ok, JSON)
    assert status == 422 and error_of(body)["field"] == "x", body  # depth 7 passes the check
    deep = '{"record": ' + "[" * 20 + "]" * 20 + "}"
    status, _, body = s.request("POST", "/v1/evaluate", deep, JSON)
    e = error_of(body)
    assert status == 400 and e["code"] == "json_too_deep" and e["column"] == 12 + 7, e


def test_record_not_fitting_the_schema_is_422_naming_the_field(ctx):
    s = ctx.serve()
    p = dict(example_person(ctx), contribution_months="many")
    status, doc = s.post_json("/v1/evaluate", {"as_of": AS_OF, "record": p})
    assert status == 422, doc
    assert doc["error"]["code"] == "invalid_record"
    assert doc["error"]["field"] == "record.contribution_months"
    assert "many" in doc["error"]["message"]
    p = dict(example_person(ctx), township_name="Nanhu")
    status, doc = s.post_json("/v1/evaluate", {"as_of": AS_OF, "record": p})
    assert status == 422 and doc["error"]["field"] == "record.township_name", doc


def test_request_members_are_checked(ctx):
    s = ctx.serve()
    p = example_person(ctx)
    cases = [
        ({"record": p}, "as_of", "required"),
        ({"as_of": "2024-02-30", "record": p}, "as_of", "not a date"),
        ({"as_of": 20240701, "record": p}, "as_of", "expected a date"),
        ({"as_of": AS_OF}, "record", "required"),
        ({"as_of": AS_OF, "record": p, "lang": "fr"}, "lang", "not zh or en"),
        ({"as_of": AS_OF, "record": p, "explain": "yes"}, "explain", "true or false"),
        ({"as_of": AS_OF, "record": p, "entity": "employer"}, "entity", "no entity"),
        ({"as_of": AS_OF, "record": p, "rules": ["contribution.base", "nope"]}, "rules[1]", "no rule 'nope'"),
        ({"as_of": AS_OF, "record": p, "rule": ["x"]}, "rule", "did you mean 'rules'"),
    ]
    for body, field, words in cases:
        status, doc = s.post_json("/v1/evaluate", body)
        assert status == 422, (body, doc)
        assert doc["error"]["code"] == "invalid_request" and doc["error"]["field"] == field, doc
        assert words in doc["error"]["message"], doc
    status, _, body = s.request("POST", "/v1/evaluate", '{"as_of": "2024-07-01", "as_of": "2024-07-02"}', JSON)
    assert status == 422 and "given twice" in error_of(body)["message"]
    status, _, body = s.request("POST", "/v1/evaluate", "[1, 2]", JSON)
    assert status == 422 and error_of(body)["code"] == "invalid_request"


def test_not_found_and_method_not_allowed(ctx):
    s = ctx.serve()
    status, headers, body = s.request("GET", "/v1/evaluat")
    assert status == 404 and error_of(body)["code"] == "not_found"
    status, headers, body = s.request("GET", "/v1/evaluate")
    assert status == 405 and headers["allow"] == "POST" and error_of(body)["code"] == "method_not_allowed"
    status, headers, body = s.request("PUT", "/v1/rules/contribution.base", "{}", JSON)
    assert status == 405 and headers["allow"] == "GET"


def test_body_exactly_at_the_limit_passes_one_more_byte_is_413(ctx):
    limit = 4096
    s = ctx.serve("--max-body-bytes", str(limit))
    status, _, body = s.request("POST", "/v1/evaluate", evaluate_body(ctx, limit), JSON)
    assert status == 200, body
    status, _, body = s.request("POST", "/v1/evaluate", evaluate_body(ctx, limit + 1), JSON)
    assert status == 413 and error_of(body)["code"] == "body_too_large", body


def test_default_body_limit_is_one_mebibyte(ctx):
    s = ctx.serve()
    status, _, body = s.request("POST", "/v1/evaluate", evaluate_body(ctx, 1024 * 1024), JSON)
    assert status == 200, body
    status, _, body = s.request("POST", "/v1/evaluate", evaluate_body(ctx, 1024 * 1024 + 1), JSON)
    assert status == 413, body


def test_chunked_body_over_the_limit_is_413(ctx):
    s = ctx.serve("--max-body-bytes", "10000")
    head = (b"POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n")
    chunk = b" " * 4000
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(5)) + b"0\r\n\r\n"
    status, headers, body = parse_response(raw_exchange(s.socket(), head + chunks))
    assert status == 413 and error_of(body)["code"] == "body_too_large"
    assert headers["connection"] == "close"
    # A chunked body within the limit is read like any other.
    good = evaluate_body(ctx)
    chunks = b"%x\r\n%s\r\n0\r\n\r\n" % (len(good), good)
    status, _, body = parse_response(raw_exchange(s.socket(), head.replace(b"Host: x", b"Host: x\r\nConnection: close") + chunks))
    assert status == 200, body


def test_compressed_body_is_415(ctx):
    s = ctx.serve()
    status, _, body = s.request("POST", "/v1/evaluate", gzip.compress(evaluate_body(ctx)),
                                {**JSON, "Content-Encoding": "gzip"})
    assert status == 415 and error_of(body)["code"] == "unsupported_media_type"
    assert "Content-Encoding" in error_of(body)["message"]
    status, _, body = s.request("POST", "/v1/evaluate", evaluate_body(ctx),
                                {**JSON, "Content-Encoding": "identity"})
    assert status == 200, body


def test_content_type_other_than_json_is_415(ctx):
    s = ctx.serve()
    for headers in ({"Content-Type": "text/plain"}, {},
                    {"Content-Type": "application/json; charset=iso-8859-1"}):
        status, _, body = s.request("POST", "/v1/evaluate", evaluate_body(ctx), headers)
        assert status == 415 and error_of(body)["code"] == "unsupported_media_type", (headers, body)
    status, _, body = s.request("POST", "/v1/evaluate", evaluate_body(ctx),
                                {"Content-Type": "application/json; charset=utf-8"})
    assert status == 200


def test_oversized_header_is_431(ctx):
    s = ctx.serve("--max-header-bytes", "2048")
    status, _, body = s.request("GET", "/healthz", headers={"X-Padding": "a" * 1500})
    assert status == 200
    status, _, body = s.request("GET", "/healthz", headers={"X-Padding": "a" * 3000})
    assert status == 431 and error_of(body)["code"] == "headers_too_large", body
    # The default is 16 KiB.
    s2 = ctx.serve()
    status, _, _ = s2.request("GET", "/healthz", headers={"X-Padding": "a" * 15000})
    assert status == 200
    status, _, _ = s2.request("GET", "/healthz", headers={"X-Padding": "a" * 17000})
    assert status == 431


def test_malformed_http_is_400(ctx):
    s = ctx.serve()
    status, headers, body = parse_response(raw_exchange(s.socket(), b"GET /healthz HTTP/1.1\r\nBad Header\r\n\r\n"))
    assert status == 400 and error_of(body)["code"] == "bad_request"
    assert headers["connection"] == "close"


def test_expression_failing_on_a_record_is_422_without_server_paths(ctx):
    rules = os.path.join(ctx.source, "tests", "server", "data", "overflow")
    s = ctx.serve(rules=rules)
    status, doc = s.post_json("/v1/evaluate", {"as_of": AS_OF, "record": {"wage": "90000000.00"}})
    assert status == 422, doc
    e = doc["error"]
    assert e["code"] == "evaluation_failed" and e["field"] == "record", e
    assert "decimal overflow" in e["message"] and "(at ruleset.yaml:33:15)" in e["message"], e
    assert "tests/server" not in e["message"], e
    status, doc = s.post_json("/v1/evaluate/batch", {"as_of": AS_OF, "records": [
        {"wage": "1.00"}, {"wage": "90000000.00"}, {"wage": "2.00"}]})
    assert status == 200 and doc["failed"] == 1, doc
    assert doc["results"][0]["decisions"][0]["outputs"]["total"] == "1000000.00"
    assert doc["results"][1]["error"]["code"] == "evaluation_failed"
    assert doc["results"][1]["error"]["field"] == "records[1]"
    assert doc["results"][2]["decisions"][0]["outputs"]["total"] == "2000000.00"


def test_no_exception_text_in_any_error(ctx):
    s = ctx.serve()
    bodies = ["{", "[]", '{"as_of": 1}', '{"as_of": "2024-07-01", "record": "x"}',
              '{"as_of": "2024-07-01", "record": {"birth_date": 1e400}}', "\xff\xfe"]
    for text in bodies:
        status, _, body = s.request("POST", "/v1/evaluate", text.encode("latin-1"), JSON)
        e = error_of(body)
        assert 400 <= status < 500, (text, body)
        for leak in ("json.exception", "what()", "std::", "terminate", "Traceback"):
            assert leak not in e["message"], (text, e)


if __name__ == "__main__":
    main(globals())
