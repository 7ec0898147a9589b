"""
Execute every notebook in this directory; any cell error fails the run.

Usage: ``python examples/_run_notebooks.py [--timeout SECONDS] [NOTEBOOK ...]``.
Notebooks run in a fresh ``python3`` kernel of the current interpreter, with their own directory
as working directory, and are not written back (outputs stay as committed).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

HERE = Path(__file__).resolve().parent


def run(path: Path, *, timeout: int) -> bool:
    """Execute one notebook; return whether every cell ran without error."""
    notebook = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.perf_counter()
    try:
        client.execute()
    except CellExecutionError as e:
        print(f"FAILED {path.name}:\n{e}", file=sys.stderr, flush=True)
        return False
    print(f"ok     {path.name} ({time.perf_counter() - start:.1f} s)", flush=True)
    return True


def main(argv: list[str] | None = None) -> int:
    """Run the notebooks named on the command line, or every ``*.ipynb`` here."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].strip())
    parser.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell")
    parser.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_args(argv)

    paths = args.notebooks or sorted(HERE.glob("*.ipynb"))
    if not paths:
        print("no notebooks to run", flush=True)
        return 0
    results = [run(p, timeout=args.timeout) for p in paths]
    failed = results.count(False)
    print(f"notebooks: {len(results) - failed} ok, {failed} failed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
