"""
The scan-and-plan pipeline on a local Dask cluster of two processes, against one process.

The workload: contact records (a synthetic contact, its consent grants and a short history)
in a JSON-lines file; for each, scan the next 14 days for moments and plan its automated
gestures (every candidate gesture goes through ``decide``); write each plan as a JSON line.
20,000 records with ``--quick``, 100,000 by default and 1,000,000 with ``--full``.

* ours: ``personal_touch.dask`` (``read_json_lines`` -> ``plan`` -> ``to_textfiles``) on a
  ``LocalCluster`` of two worker processes with one thread each, started before the clock
  (its start-up time is reported as ``cluster_start_s``).
* peer, ``one process``: the same ``plan_records`` over the same file, read line by line and
  written line by line, in this process.

Both write the same plans (checked: the sorted output lines are equal).  Rounds are
interleaved; the GC is on for both (the workers run with their own default).  The ratio
above 1 means the cluster is faster; it cannot pass the number of cores.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pendulum

from _timing import interleave
from personal_touch import converters
from personal_touch.testing import synthetic_contacts, synthetic_ledger

AT = pendulum.datetime(2026, 11, 30, 9, tz="UTC")
WITHIN = pendulum.duration(days=14)
WORKERS = 2


def write_records(path: Path, n: int) -> None:
    """*n* contact records as JSON lines."""
    with path.open("w") as fh:
        for k, contact in enumerate(synthetic_contacts(n, seed=5)):
            ledger = synthetic_ledger(contact, seed=k)
            history = [
                {
                    "contact_id": contact.id,
                    "kind": "sent",
                    "at": AT.subtract(days=3 * j + 1).isoformat(),
                    "channel": "email",
                    "purpose": "marketing",
                }
                for j in range(k % 4)
            ]
            record = {
                "contact": converters.unstructure(contact),
                "consents": converters.unstructure(list(ledger.entries)),
                "history": history,
            }
            fh.write(json.dumps(record) + "\n")


def one_process(source: Path, target: Path) -> Callable[[], object]:
    import personal_touch.dask as ptd

    def run() -> object:
        with source.open() as fh, target.open("w") as out:
            rows = (json.loads(line) for line in fh if line.strip())
            for plan in ptd.plan_records(rows, at=AT, within=WITHIN):
                out.write(json.dumps(plan) + "\n")
        return target

    return run


def on_cluster(source: Path, target: Path) -> Callable[[], object]:
    import personal_touch.dask as ptd

    def run() -> object:
        if target.exists():
            shutil.rmtree(target)
        bag = ptd.plan(ptd.read_json_lines(str(source), blocksize="4MiB"), at=AT, within=WITHIN)
        bag.map(json.dumps).to_textfiles(str(target / "*.jsonl"))
        return target

    return run


def _lines(target: Path) -> list[str]:
    files = [target] if target.is_file() else sorted(target.glob("*.jsonl"))
    return sorted(line for f in files for line in f.read_text().splitlines() if line)


def benchmarks(*, quick: bool, full: bool = False) -> Iterator[dict[str, object]]:
    """One record: the pipeline on two processes vs one, at the chosen size."""
    try:
        import personal_touch.dask as ptd
    except ImportError:
        return
    n = 1_000_000 if full else 20_000 if quick else 100_000
    rounds = 3
    work = Path(tempfile.mkdtemp(prefix="pt-bench-dask-"))
    try:
        source = work / "records.jsonl"
        write_records(source, n)
        started = time.perf_counter()
        with ptd.client(workers=WORKERS):
            cluster_start = time.perf_counter() - started
            engines = {
                "dask": lambda: on_cluster(source, work / "dask"),
                "one": lambda: one_process(source, work / "one.jsonl"),
            }
            timed = interleave(engines, rounds=rounds)
        if _lines(work / "dask") != _lines(work / "one.jsonl"):
            msg = "the cluster and the single process wrote different plans"
            raise AssertionError(msg)
        yield {
            "name": f"scan and plan, {n:,} contact records, Dask {WORKERS} processes vs one",
            "peer": "one process (plan_records)",
            **timed.record("dask", "one", n),
            "records": n,
            "cores": os.cpu_count(),
            "cluster_start_s": round(cluster_start, 2),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
