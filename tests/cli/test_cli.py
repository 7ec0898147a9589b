from __future__ import annotations

import subprocess
import sys

import pytest

from personal_touch._cli import main


class TestDemoCommand:
    def test_prints_the_demo(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`demo` prints the sample's tables and exits 0."""
        assert 0 == main(["demo"])
        out = capsys.readouterr().out
        assert out.startswith("personal_touch sample data at 2026-11-30T09:00:00+00:00")
        assert "c-001" in out

    def test_at(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`--at` shows the data at another instant."""
        assert 0 == main(["demo", "--at", "2026-12-07T09:00Z"])
        assert "2026-12-07T09:00:00+00:00" in capsys.readouterr().out

    @pytest.mark.parametrize("bad", ["2026-12-07T09:00", "soon"])
    def test_bad_at(self, bad: str, capsys: pytest.CaptureFixture[str]) -> None:
        """A bad `--at` is reported on stderr with exit code 2, no traceback."""
        assert 2 == main(["demo", "--at", bad])
        captured = capsys.readouterr()
        assert "" == captured.out
        assert captured.err.startswith("demo: at: ")
        assert "Traceback" not in captured.err

    def test_module_entry_point(self) -> None:
        """`python -m personal_touch demo` works as a command."""
        result = subprocess.run(
            [sys.executable, "-m", "personal_touch", "demo"],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert 0 == result.returncode, result.stderr
        assert "consents in force" in result.stdout
