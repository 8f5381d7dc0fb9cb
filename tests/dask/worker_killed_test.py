"""A worker process killed mid-write (SIGKILL) on a local cluster of 2 worker processes:
Dask runs the shard again elsewhere, and the run still ends with every shard's output
complete, not duplicated (merged = `entitle batch` on the concatenated input), the killed
attempt's temporary removed, and the manifest reconciled. On the same cluster: each worker
process loads the rule set once, a second run is computed afresh, and a shard that fails on
every attempt makes the run fail (exit 1, no manifest) with the shard and cause named.
"""
import argparse
import io
import json
import os
import shutil

from dask_util import Context, check, check_manifest, no_temporaries


def main():
    # Worker processes are spawned: they import this file again, so nothing runs at import.
    ctx = Context()
    shards = ctx.population(shards=8)
    single = ctx.reference()
    merged = ctx.path("merged.csv")
    marker = ctx.path("killed.pid")
    os.environ["ENTITLE_TEST_KILL_MARKER"] = marker
    os.environ["ENTITLE_TEST_KILL_SHARD"] = "part-05.csv"

    from distributed import Client, LocalCluster

    import dask_faults
    from entitle import dask as entitle_dask

    args = argparse.Namespace(
        ruleset=ctx.rules, as_of="2024-07-01", inputs=[ctx.path("shards", "*.csv")],
        out=ctx.path("out"), scheduler="(given)", columns=ctx.columns, summary_by=None,
        threads_per_task=1, out_format=None, merge=merged, retries=0, allow_rejects=False)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      host="127.0.0.1") as cluster, Client(cluster) as client:
        pids_before = set(client.run(os.getpid).values())
        status = entitle_dask.run_screen(args, task=dask_faults.kill_once_then_screen,
                                         client=client)
        # 8 shards on 2 worker processes: each process loaded the rule set at most once.
        loads = client.run(entitle_dask.ruleset_loads)
        # A second run on the same client is computed again, not served from the first.
        os.remove(ctx.path("out", "part-02.csv"))
        again = entitle_dask.run_screen(args, client=client)
        loads_again = client.run(entitle_dask.ruleset_loads)
        # A shard that fails on every attempt (its header names no field; not the first shard,
        # which the driver checks itself before submitting): exit 1, the
        # failure named, no manifest; the good shard beside it is still screened.
        os.makedirs(ctx.path("broken"))
        with open(ctx.path("broken", "z-bad-header.csv"), "w", encoding="utf-8") as f:
            f.write("id,birth_dat\nX1,1950-01-01\n")
        shutil.copy(shards[0], ctx.path("broken", "good.csv"))
        failing = argparse.Namespace(**{**vars(args), "inputs": [ctx.path("broken", "*.csv")],
                                        "out": ctx.path("broken-out"), "merge": None,
                                        "retries": 1})
        err = io.StringIO()
        failed = entitle_dask.run_screen(failing, client=client, out=io.StringIO(), err=err)
    check(os.path.exists(marker), "the fault was never injected")
    killed = int(open(marker).read())
    check(killed in pids_before, f"pid {killed} was not one of the workers {pids_before}")
    check(status == 0 and again == 0, f"run_screen returned {status}, then {again}")
    check(failed == 1, f"a failed shard: run_screen returned {failed}")
    check("z-bad-header.csv" in err.getvalue() and "birth_dat" in err.getvalue() and
          "1 of 2 shards failed" in err.getvalue(), err.getvalue())
    check(not os.path.exists(ctx.path("broken-out", "manifest.json")), "manifest after failure")
    check(os.path.exists(ctx.path("broken-out", "good.csv")), "the good shard was not screened")
    check(all(n <= 1 for n in loads.values()) and sum(loads.values()) >= 1,
          f"rule-set loads per worker process: {loads}")
    # A process that ran no task of the first run may load it now, but none loads it twice.
    check(all(n <= 1 for n in loads_again.values()),
          f"a worker process loaded the rule set again: {loads_again}")
    check(open(merged, "rb").read() == open(single, "rb").read(),
          "merged output differs from entitle batch on the concatenated input")
    with open(ctx.path("out", "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    check_manifest(ctx, manifest, shards)
    check(manifest["totals"]["rows_out"] == ctx.rows, f"{manifest['totals']}")
    no_temporaries(ctx.path("out"))
    print("ok")


if __name__ == "__main__":
    main()
