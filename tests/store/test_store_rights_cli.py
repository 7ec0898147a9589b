"""
The ``store`` command group: init, import, export, erase, verify.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from personal_touch._cli import main

LINES = [
    {
        "contact": {
            "id": "c1",
            "created_at": "2026-01-01T00:00:00Z",
            "locale": "de",
            "name": {"given": "Quirinus"},
            "contact_points": [{"channel": "email", "address": "quirinus@example.org"}],
        }
    },
    {
        "grant": {
            "id": "g1",
            "contact_id": "c1",
            "purpose": "marketing",
            "granted_at": "2026-01-02T00:00:00Z",
        },
        "recorded_at": "2026-01-02T00:00:05Z",
    },
    {"interaction": {"contact_id": "c1", "kind": "sent", "at": "2026-01-03T00:00:00Z"}},
]


@pytest.fixture
def db(tmp_path: Path) -> str:
    data = tmp_path / "in.jsonl"
    data.write_text("".join(json.dumps(line) + "\n" for line in LINES))
    path = str(tmp_path / "pt.db")
    assert 0 == main(["store", "init", path])
    assert 0 == main(["store", "import", path, str(data)])
    return path


class TestStoreCommands:
    def test_export_json_and_summary(self, db: str, capsys: pytest.CaptureFixture[str]) -> None:
        """export prints the JSON bundle, or the summary in the contact's language."""
        capsys.readouterr()
        assert 0 == main(["store", "export", db, "c1", "--at", "2026-02-01"])
        data = json.loads(capsys.readouterr().out)
        assert ["g1"] == [e["grant"]["id"] for e in data["consent_events"]]
        assert 0 == main(["store", "export", db, "c1", "--summary", "--at", "2026-02-01"])
        assert "Guten Tag Quirinus" in capsys.readouterr().out

    def test_erase_then_verify(self, db: str, capsys: pytest.CaptureFixture[str]) -> None:
        """erase prints counts; verify passes after it and fails (exit 1) on tampering."""
        capsys.readouterr()
        assert 0 == main(["store", "erase", db, "c1", "--reason", "art17", "--at", "2026-02-01"])
        report = json.loads(capsys.readouterr().out)
        assert (True, 1, 2) == (
            report["contact_removed"],
            report["interactions_removed"],
            report["suppressions_added"],
        )
        assert 0 == main(["store", "verify", db])
        conn = sqlite3.connect(db)
        conn.execute("UPDATE consent_events SET kind = 'withdrawn'")
        conn.commit()
        conn.close()
        assert 1 == main(["store", "verify", db])
        assert "broken" in capsys.readouterr().out

    def test_bad_lines_are_reported(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A bad line is skipped and reported by number, never by content; exit 2."""
        data = tmp_path / "bad.jsonl"
        data.write_text(json.dumps(LINES[0]) + '\n{"secret": "hidden@example.org"}\n')
        assert 0 == main(["store", "init", str(tmp_path / "pt.db")])
        assert 2 == main(["store", "import", str(tmp_path / "pt.db"), str(data)])
        err = capsys.readouterr().err
        assert "line 2" in err
        assert "hidden" not in err

    def test_bad_instant(self, db: str, capsys: pytest.CaptureFixture[str]) -> None:
        """An unparseable --at is refused with exit 2."""
        assert 2 == main(["store", "erase", db, "c1", "--reason", "r", "--at", "soon"])
        assert "--at" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "{db}", "c1", "--at", "2026-03-01T00:00:00Z"],
        ["erase", "{db}", "c1", "--reason", "art17", "--at", "2026-03-01T00:00:00Z"],
        ["verify", "{db}"],
        ["import", "{db}", "-"],
        ["purge", "{db}", "--at", "2026-03-01T00:00:00Z"],
    ],
)
def test_only_init_creates_a_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    """A mistyped path is refused (exit 2), never made into a new, empty store."""
    missing = tmp_path / "typo.db"
    assert 2 == main(["store", *(a.format(db=missing) for a in argv)])
    assert "no such database file" in capsys.readouterr().err
    assert [] == list(tmp_path.iterdir())


def test_a_bad_reason_is_refused_without_a_traceback(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """An erasure reason that is not a code exits 2, naming the field."""
    assert 2 == main(["store", "erase", db, "c1", "--reason", " ", "--at", "2026-03-01T00:00:00Z"])
    assert "reason" in capsys.readouterr().err
