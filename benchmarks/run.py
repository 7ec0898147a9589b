"""
Run the benchmarks: every ``bench_*.py`` module beside this file.

Each module exposes ``benchmarks(*, quick: bool) -> Iterable[dict[str, object]]`` yielding one
record per benchmark with the keys ``name``, ``ops_per_s``, ``peer``, ``peer_ops_per_s`` and
``ratio`` (``ops_per_s / peer_ops_per_s``; filled in here when left out), plus any extra keys.
A module whose ``benchmarks`` also accepts ``only`` receives the ``--only`` substring so that it
can skip work; otherwise the filter applies to the module name and then to record names.  One
that accepts ``full`` receives ``--full`` (the largest sizes, e.g. 1,000,000 contacts).
``ratio`` is always "how many times as fast as the peer" (above 1: faster), the median of
per-round ratios where the module measures in interleaved rounds (``_timing.interleave``).

Prints one JSON object per line, flushed as soon as it is measured::

    python benchmarks/run.py --quick --only policy

``--only`` filters records by name but still runs every module whose name it does not match (a
module cannot know which records it will yield without measuring them); ``--module decide``
skips the other modules altogether.
"""

from __future__ import annotations

import argparse
import importlib.util
import inspect
import json
import math
import sys
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
REQUIRED_KEYS = ("name", "ops_per_s", "peer", "peer_ops_per_s", "ratio")


def discover(directory: Path = HERE) -> list[Path]:
    """Return the ``bench_*.py`` modules in *directory*, in name order."""
    return sorted(directory.glob("bench_*.py"))


def load(path: Path) -> ModuleType:
    """Import one benchmark module; its directory goes on ``sys.path`` for ``_timing``."""
    if str(path.parent) not in sys.path:
        sys.path.insert(0, str(path.parent))
    spec = importlib.util.spec_from_file_location(path.stem, path)
    if spec is None or spec.loader is None:
        msg = f"cannot import {path}"
        raise ImportError(msg)
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module
    spec.loader.exec_module(module)
    return module


def records(
    module: ModuleType, *, quick: bool, only: str | None, full: bool = False
) -> Iterable[dict[str, object]]:
    """Call the module's ``benchmarks`` with the arguments it accepts."""
    bench: Callable[..., Iterable[dict[str, object]]] = module.benchmarks
    params = inspect.signature(bench).parameters
    kwargs: dict[str, object] = {"quick": quick}
    if only is not None and "only" in params:
        kwargs["only"] = only
    if full and "full" in params:
        kwargs["full"] = True
    return bench(**kwargs)


def complete(record: dict[str, object], *, module: str) -> dict[str, object]:
    """Check the required keys and fill in ``ratio`` and ``module``."""
    if "ratio" not in record:
        ops, peer_ops = record.get("ops_per_s"), record.get("peer_ops_per_s")
        if isinstance(ops, int | float) and isinstance(peer_ops, int | float) and peer_ops > 0:
            record["ratio"] = ops / peer_ops
        else:
            record["ratio"] = None
    missing = [key for key in REQUIRED_KEYS if key not in record]
    if missing:
        msg = f"benchmark record from {module!r} lacks {', '.join(missing)}: {record!r}"
        raise ValueError(msg)
    return {"module": module, **record}


def _json_default(value: object) -> object:
    return str(value)


def _finite(value: object) -> object:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks; return 1 if any module failed."""
    parser = argparse.ArgumentParser(description="Run the personal-touch benchmarks.")
    parser.add_argument("--quick", action="store_true", help="small inputs, short timings")
    parser.add_argument(
        "--full", action="store_true", help="also the largest sizes (1,000,000 contacts)"
    )
    parser.add_argument("--only", metavar="SUBSTRING", help="run only benchmarks whose name has it")
    parser.add_argument(
        "--module",
        metavar="SUBSTRING",
        help="load only the bench_*.py modules whose name has it (the others are not run)",
    )
    args = parser.parse_args(argv)

    paths = discover()
    failed = 0
    for path in paths:
        name = path.stem.removeprefix("bench_")
        if args.module is not None and args.module not in name:
            continue
        module_matches = args.only is None or args.only in name
        try:
            module = load(path)
            for record in records(
                module,
                quick=args.quick,
                only=None if module_matches else args.only,
                full=args.full,
            ):
                if not module_matches and args.only not in str(record.get("name", "")):
                    continue
                line = {k: _finite(v) for k, v in complete(dict(record), module=name).items()}
                print(json.dumps(line, default=_json_default), flush=True)
        except Exception:  # one broken module must not hide the others' numbers
            failed += 1
            print(f"benchmark module {name!r} failed:", file=sys.stderr, flush=True)
            traceback.print_exc()
    if not paths:
        print("no benchmarks/bench_*.py modules found", file=sys.stderr, flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
