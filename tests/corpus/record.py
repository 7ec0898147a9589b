"""
Record the decisions of the corpus: ``python tests/corpus/record.py``.

Decides every request of :mod:`generate` with :func:`personal_touch.decide` and writes
``expected.jsonl.xz`` beside this file: a header line (seed, count), then one line per
request ``{"i": index, "request": <digest of the request's JSON>, "decision": {...}}`` where
the decision is its JSON form (:func:`personal_touch.converters.unstructure`) without
``decision_id`` (an audit hash that a faster engine may compute differently), or
``{"error": "<exception class>"}`` if the library refused the request.  The file is written
reproducibly (sorted keys, xz): recording twice gives the same bytes.

Before writing, it prints what changed against the file it replaces: requests whose JSON
changed (the generator changed: the old file compares nothing like with like), decisions
that changed, and counts of changed verdicts, levels, decisive codes and decision fields.
Review that summary: re-record only when decisions change on purpose.
"""

from __future__ import annotations

import argparse
import json
import lzma
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from personal_touch import converters
from personal_touch.exceptions import PersonalTouchError

if __package__:
    from . import generate
else:  # run as a script: this directory is on sys.path
    import generate  # type: ignore[no-redef, import-not-found]

#: The recorded outcomes, committed.
EXPECTED = Path(__file__).with_name("expected.jsonl.xz")
#: Bump when the line format changes.
FORMAT = 1


def outcome(request: Any) -> dict[str, Any]:
    """The recorded form of *request*'s decision: its JSON without ``decision_id``."""
    try:
        decision = request.decide()
    except PersonalTouchError as error:
        return {"error": type(error).__name__}
    doc: dict[str, Any] = converters.unstructure(decision)
    doc.pop("decision_id", None)
    return doc


def entries(requests: Iterable[Any]) -> Iterator[dict[str, Any]]:
    """One recorded line per request."""
    for i, request in enumerate(requests):
        yield {"i": i, "request": generate.request_digest(request), "decision": outcome(request)}


def header(count: int) -> dict[str, Any]:
    """The first line of the file."""
    return {"format": FORMAT, "seed": generate.SEED, "count": count}


def write(path: Path, head: dict[str, Any], lines: Iterable[dict[str, Any]]) -> None:
    """Write *head* and *lines* as xz-compressed JSON lines, byte for byte reproducibly."""
    text = b"".join(generate.canonical(line) + b"\n" for line in (head, *lines))
    path.write_bytes(lzma.compress(text, preset=9 | lzma.PRESET_EXTREME))


def read(path: Path = EXPECTED) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The header and the lines of a recorded file."""
    with lzma.open(path, "rt", encoding="utf-8") as f:
        head = json.loads(f.readline())
        return head, [json.loads(line) for line in f]


def decisive_code(decision: dict[str, Any]) -> str | None:
    """The code of the reason that set the verdict (as ``Decision.decisive_reason``)."""
    if "error" in decision:
        return f"error:{decision['error']}"
    effect = {"deny": "deny", "defer": "defer"}.get(decision["verdict"])
    return next((r["code"] for r in decision.get("reasons", ()) if r["effect"] == effect), None)


def brief(decision: dict[str, Any]) -> str:
    """``verdict/level/decisive code`` of a recorded decision."""
    if "error" in decision:
        return f"error:{decision['error']}"
    return f"{decision['verdict']}/{decision['level']}/{decisive_code(decision)}"


def compare(
    old: list[dict[str, Any]], new: list[dict[str, Any]]
) -> tuple[list[int], list[int], Counter[str]]:
    """
    The indices whose request changed, those whose decision changed, and change counts.

    The counts are keyed ``verdict allow -> deny``, ``level ...``, ``code ...`` and
    ``field <name>`` (a top-level decision field that differs), plus ``count`` if the
    number of requests differs.
    """
    changes: Counter[str] = Counter()
    if len(old) != len(new):
        changes[f"count {len(old)} -> {len(new)}"] += 1
    requests, decisions = [], []
    for was, now in zip(old, new, strict=False):
        if was["request"] != now["request"]:
            requests.append(now["i"])
        a, b = was["decision"], now["decision"]
        if a == b:
            continue
        decisions.append(now["i"])
        for key in ("verdict", "level"):
            if a.get(key) != b.get(key):
                changes[f"{key} {a.get(key)} -> {b.get(key)}"] += 1
        if decisive_code(a) != decisive_code(b):
            changes[f"decisive code {decisive_code(a)} -> {decisive_code(b)}"] += 1
        for key in sorted(set(a) | set(b)):
            if a.get(key) != b.get(key):
                changes[f"field {key}"] += 1
    return requests, decisions, changes


def summary(lines: Iterable[dict[str, Any]]) -> Counter[str]:
    """Counts per verdict, level, decisive code and reason code of recorded decisions."""
    counts: Counter[str] = Counter()
    for line in lines:
        d = line["decision"]
        if "error" in d:
            counts[f"error {d['error']}"] += 1
            continue
        counts[f"verdict {d['verdict']}"] += 1
        counts[f"level {d['level']}"] += 1
        counts[f"decisive {decisive_code(d)}"] += 1
        for code in {r["code"] for r in d.get("reasons", ())}:
            counts[f"reason {code}"] += 1
    return counts


def _report(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> None:
    requests, decisions, changes = compare(old, new)
    print(f"{len(new)} requests; against the previous file:")
    print(
        f"  {len(requests)} requests changed (the generator changed)"
        if requests
        else "  requests unchanged"
    )
    print(f"  {len(decisions)} decisions changed")
    if requests:
        print("  (decisions of changed requests are compared with other requests' decisions)")
    for key, n in sorted(changes.items(), key=lambda kv: (-kv[1], kv[0]))[:40]:
        print(f"    {n:6d}  {key}")
    if decisions:
        print(f"  first changed indices: {decisions[:10]}")


def main(argv: list[str] | None = None) -> int:
    """Record the corpus; with ``--check``, only report differences (exit 1 if any)."""
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare only, write nothing")
    parser.add_argument("--summary", action="store_true", help="print verdict and code counts")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    new = list(entries(generate.generate()))
    print(f"decided {len(new)} requests in {time.perf_counter() - start:.1f} s")
    old: list[dict[str, Any]] = read()[1] if EXPECTED.exists() else []
    _report(old, new)
    if args.summary:
        for key, n in sorted(summary(new).items()):
            print(f"{n:7d}  {key}")
    if args.check:
        return 0 if old and not any(compare(old, new)) else 1
    write(EXPECTED, header(len(new)), new)
    print(f"wrote {EXPECTED} ({EXPECTED.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
