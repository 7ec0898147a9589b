"""
Instruction counts per decision, for comparing two trees on a busy machine.

Wall-clock ratios need a quiet machine; callgrind's instruction counts do not.  This script
builds 300 fresh contacts from ``bench_decide``'s workload and decides the first *K* of them
once each (``cold``), or decides one prepared contact *K* times (``warm``).  Run it under
callgrind for ``K=0`` and for some ``K``, and divide the difference in instructions by *K*::

    export PYTHONHASHSEED=0
    for k in 0 200; do
      PYTHONPATH=src valgrind --tool=callgrind --callgrind-out-file=cg.cold.$k \\
        python benchmarks/callgrind_decide.py $k cold
    done
    callgrind_annotate cg.cold.200 | head; callgrind_annotate cg.cold.0 | head

Counts vary by about 2% between runs of the same tree: compare several runs.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import bench_decide as b
import personal_touch as pt


def main(k: int, mode: str) -> None:
    """Decide *k* fresh contacts once each (``cold``) or one prepared contact *k* times."""
    policy = pt.default_policy()
    items = b.Batch(300, seed=10).fresh()
    # Compile the policy for the message's shape outside the counted decisions.
    contact, ledger, history = items[-1]
    pt.decide(contact, b.MESSAGE, consents=ledger, history=history, at=b.AT, policy=policy)
    if mode == "cold":
        for contact, ledger, history in items[:k]:
            pt.decide(contact, b.MESSAGE, consents=ledger, history=history, at=b.AT, policy=policy)
        return
    contact, ledger, history = items[0]
    prepared = pt.prepare(contact, consents=ledger, history=history, at=b.AT, policy=policy)
    for _ in range(k):
        pt.decide(prepared, b.MESSAGE)


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "cold")
