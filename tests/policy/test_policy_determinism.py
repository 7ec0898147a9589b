from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REQUESTS = Path(__file__).parents[2] / "examples" / "requests"


def _decide(path: Path, hash_seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    done = subprocess.run(
        [sys.executable, "-m", "personal_touch", "decide", str(path)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


class TestAcrossProcesses:
    @pytest.mark.parametrize("name", ["02-trip-note-de-customer.json"])
    def test_decision_independent_of_hash_seed(self, name: str) -> None:
        """The whole decision, decision_id included, is the same whatever PYTHONHASHSEED is."""
        path = REQUESTS / name
        assert '"scope"' in path.read_text()  # a grant whose frozensets could reorder
        assert _decide(path, "1") == _decide(path, "3")
