"""
The ``store purge`` command: a thin shell over ``SQLiteStore.purge``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pendulum
import pytest

import personal_touch as pt
from personal_touch._cli import main
from personal_touch.store import SQLiteStore

T0 = pendulum.datetime(2018, 3, 1, tz="UTC")


def call(*argv: str) -> int:
    """Run ``personal-touch store purge ARGV`` through the real command line."""
    return main(["store", "purge", *argv])


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "pt.db"
    given = pt.ConsentGrant(id="g", contact_id="c1", purpose="marketing", granted_at=T0)
    with SQLiteStore(path) as s:
        s.record_consents([given, given.withdraw(at=T0.add(days=1))], recorded_at=T0)
        s.add_interaction(pt.Interaction(contact_id="c1", kind="opened", at=T0))
    return path


class TestStorePurge:
    def test_dry_run_then_purge(self, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A dry run says what would go and keeps it; a purge removes it."""
        assert 0 == call(str(db), "--at", "2026-12-01", "--dry-run")
        out = capsys.readouterr().out
        assert "would remove 3 record(s)" in out
        assert "interactions-engagement" in out
        with SQLiteStore(db) as s:
            assert 2 == len(s.events())
        assert 0 == call(str(db), "--at", "2026-12-01T00:00Z", "--json")
        report = json.loads(capsys.readouterr().out)
        assert 3 == report["total"]
        assert not report["dry_run"]
        assert "c1" not in json.dumps(report)  # counts, never whose
        with SQLiteStore(db) as s:
            assert () == s.events()
            assert s.verify().is_intact

    def test_default_now(self, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Without --at the command counts back from now."""
        assert 0 == call(str(db), "--dry-run")
        assert "would remove" in capsys.readouterr().out

    def test_missing_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A file that does not exist is refused, not created."""
        assert 2 == call(str(tmp_path / "nope.db"))
        assert "no such database file" in capsys.readouterr().err
        assert not (tmp_path / "nope.db").exists()

    def test_bad_instant(self, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """An instant that is not ISO 8601 is refused, naming the field."""
        assert 2 == call(str(db), "--at", "yesterday")
        assert "at" in capsys.readouterr().err
