"""
``personal-touch decide --what-if``: the suggestions after the decision.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from personal_touch import converters
from personal_touch._cli import main
from personal_touch.values import WhatIf

if TYPE_CHECKING:
    import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "requests"
#: Deferred until 08:00 in New York (quiet hours).
BEFORE_8AM = EXAMPLES / "04-text-new-york-before-8am.json"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["decide", *argv])
    out, err = capsys.readouterr()
    return code, out, err


class TestWhatIf:
    def test_explain(self, capsys: pytest.CaptureFixture[str]) -> None:
        """With --explain, the suggestions follow the account, one a line."""
        code, out, err = _run(capsys, str(BEFORE_8AM), "--explain", "--what-if")
        assert (0, "") == (code, err)
        assert "  what would change it:\n    - wait until 2026-11-30T08:00:00-05:00: ALLOW" in out

    def test_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without --explain, the decision and the suggestions print as one JSON object."""
        code, out, _ = _run(capsys, str(BEFORE_8AM), "--what-if")
        assert 0 == code
        data = json.loads(out)
        assert "defer" == data["decision"]["verdict"]
        first = converters.structure(data["what_if"][0], WhatIf)
        assert "allow" == first.decision.verdict.value
        assert "wait" == first.changes[0].kind.value

    def test_not_with_workers(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--what-if decides one request: with --workers it is refused (exit 2)."""
        code, _, err = _run(capsys, str(BEFORE_8AM), "--what-if", "--workers", "2")
        assert 2 == code
        assert "--what-if" in err
