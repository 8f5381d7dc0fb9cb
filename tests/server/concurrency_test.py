"""Many clients at once get exactly the decisions `entitle eval` gives for the same records."""
import json
import os
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server_util import AS_OF, JSON, example_person, main, people  # noqa: E402


def cases(ctx):
    """(request body, expected answer) for a mix of records and options."""
    out = []
    records = [example_person(ctx)] + people(15, seed=7)
    for i, p in enumerate(records):
        if i % 4 == 3:
            body = {"as_of": AS_OF, "record": p, "explain": True, "lang": "en"}
            out.append((body, ctx.eval(p, "--explain", "--lang", "en")))
        else:
            out.append(({"as_of": AS_OF, "record": p}, ctx.eval(p)))
    return records, out


def test_concurrent_clients_get_the_decisions_of_entitle_eval(ctx):
    records, expected = cases(ctx)
    s = ctx.serve("--threads", "4")
    problems = []
    answered = [0]
    lock = threading.Lock()

    def client(k):
        c = s.connection()
        try:
            for round_ in range(6):
                for j in range(len(expected)):
                    body, want = expected[(j + k + round_) % len(expected)]
                    status, _, data = s.request("POST", "/v1/evaluate", json.dumps(body, ensure_ascii=False), JSON, conn=c)
                    if status != 200 or data.decode() != want:
                        problems.append((status, body["record"]["id"], data[:300]))
                    with lock:
                        answered[0] += 1
        except Exception as e:  # noqa: BLE001 - any failure is the finding
            problems.append(repr(e))
        finally:
            c.close()

    def batch_client():
        want = [json.loads(w) for b, w in expected if "explain" not in b]
        recs = [b["record"] for b, w in expected if "explain" not in b]
        for _ in range(5):
            status, _, data = s.request("POST", "/v1/evaluate/batch", {"as_of": AS_OF, "records": recs})
            doc = json.loads(data)
            if status != 200 or doc["failed"] != 0 or doc["results"] != want:
                problems.append(("batch", status, data[:300]))

    threads = [threading.Thread(target=client, args=(k,)) for k in range(12)]
    threads += [threading.Thread(target=batch_client) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not problems, problems[:3]
    assert answered[0] == 12 * 6 * len(expected)


if __name__ == "__main__":
    main(globals())
