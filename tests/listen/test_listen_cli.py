"""
``personal-touch listen`` replays signals, updates and provider payloads into JSON lines.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest

from builders import message
from personal_touch import converters
from personal_touch._cli import main
from personal_touch.triggers import Trigger

DATA = Path(__file__).resolve().parent.parent / "webhooks" / "data"
TRIGGERS = [
    Trigger.abandoned_cart("cart", delay=dt.timedelta(hours=1), message=message()),
    Trigger.repeated_views("browsing", count=2, window=dt.timedelta(days=7), message=message()),
    Trigger.price_drop("drop", window=dt.timedelta(days=7), message=message()),
]


def signal(kind: str, at: str, **fields: Any) -> dict[str, Any]:
    return {"signal": {"contact_id": "c-1", "kind": kind, "at": at, **fields}}


LINES: list[Any] = [
    signal("added_to_cart", "2026-12-01T09:00:00Z", subject="p-1", category="Apparel > Tees"),
    signal("viewed", "2026-12-01T09:05:00Z", subject="p-2", category="Apparel > Tees"),
    signal("viewed", "2026-12-01T09:06:00Z", subject="p-3", category="Apparel > Tees"),
    {"update": {"kind": "price_drop", "subject": "p-2", "at": "2026-12-01T09:30:00Z"}},
    {
        "provider": "twilio",
        "payload": json.loads((DATA / "twilio" / "inbound_stop.json").read_text("utf-8")),
        "received_at": "2026-12-01T09:40:00Z",
    },
    {
        "provider": "sendgrid",
        "payload": json.loads((DATA / "sendgrid" / "events.json").read_text("utf-8")),
    },
]


@pytest.fixture
def triggers_file(tmp_path: Path) -> Path:
    path = tmp_path / "triggers.json"
    path.write_text(converters.dumps(TRIGGERS), encoding="utf-8")
    return path


def write(tmp_path: Path, lines: list[Any]) -> Path:
    path = tmp_path / "events.jsonl"
    text = "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def out_lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


class TestListen:
    def test_prints_firings_and_suppressions_in_order(
        self, tmp_path: Path, triggers_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Firings and suppressions come out as JSON lines in the order they take effect."""
        path = write(tmp_path, LINES[:5])
        args = ["listen", str(path), "--triggers", str(triggers_file), "--at", "2026-12-02"]
        assert 0 == main(args)
        captured = capsys.readouterr()
        out = out_lines(captured.out)
        learned = [o["learned"] for o in out if "learned" in o]
        out = [o for o in out if "learned" not in o]
        assert ["interests.apparel.tees"] * 3 == [x["key"] for x in learned]
        assert ["added", "strengthened", "strengthened"] == [x["kind"] for x in learned]
        assert {"c-1"} == {x["contact_id"] for x in learned}
        kinds = [next(iter(o)) for o in out]
        assert ["firing", "firing", "suppression", "firing"] == kinds
        firings = [o["firing"] for o in out if "firing" in o]
        assert ["browsing", "drop", "cart"] == [f["trigger"] for f in firings]
        assert "apparel.tees" == firings[0]["message"]["product_category"]
        assert "2026-12-01T10:00:00+00:00" == firings[2]["at"]
        assert "sms" == out[2]["suppression"]["channel"]
        assert "listen: 5 lines, 3 learned, 3 firings, 1 suppressions, 0 skipped\n" == captured.err

    def test_pending_firings_wait_for_at(
        self, tmp_path: Path, triggers_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Without --at, a cart still pending at the last line does not fire."""
        path = write(tmp_path, LINES[:1])
        assert 0 == main(["listen", str(path), "--triggers", str(triggers_file)])
        assert ["learned"] == [next(iter(o)) for o in out_lines(capsys.readouterr().out)]

    def test_provider_payloads_suppress(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Without triggers, provider payloads still print their suppressions."""
        path = write(tmp_path, LINES[5:])
        assert 0 == main(["listen", str(path)])
        out = out_lines(capsys.readouterr().out)
        assert out
        assert {"suppression"} == {k for o in out for k in o}
        assert all("example@test.com" not in json.dumps(o) for o in out)

    def test_a_repeated_signal_teaches_nothing_new(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Learning is idempotent: the same signal twice prints one learned fact."""
        path = write(tmp_path, [LINES[1], LINES[1]])
        assert 0 == main(["listen", str(path)])
        assert 1 == len(out_lines(capsys.readouterr().out))

    def test_bad_lines_are_skipped_and_named(
        self, tmp_path: Path, triggers_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Unusable lines are counted and named by number and path, never by content."""
        bad = [
            "not json secret@example.com",
            {"secret@example.com": 1},
            signal("exploded", "2026-12-01T09:00:00Z"),
            {"provider": "pigeon", "payload": {}},
            {"provider": "twilio", "payload": {"Body": "STOP"}},
            {
                "provider": "sendgrid",
                "payload": [{"event": "bogus", "email": "secret@example.com", "timestamp": 1}],
            },
            LINES[1],
        ]
        path = write(tmp_path, bad)
        assert 1 == main(["listen", str(path), "--triggers", str(triggers_file)])
        err = capsys.readouterr().err
        assert "secret" not in err
        assert "listen: 7 lines, 1 learned, 0 firings, 0 suppressions, 6 skipped" in err
        for n, where in enumerate(
            ["$", "$", "$.signal.kind", "$.provider", "$.received_at", "$.payload[0].event"],
            start=1,
        ):
            assert any(x.startswith(f"  - line {n}: ") and x.endswith(where)
                       for x in err.splitlines()), (n, err)  # fmt: skip

    def test_standard_input(
        self,
        monkeypatch: pytest.MonkeyPatch,
        triggers_file: Path,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """``-`` reads the events from standard input."""
        text = "\n".join(json.dumps(x) for x in LINES[1:3]) + "\n"
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
        assert 0 == main(["listen", "-", "--triggers", str(triggers_file)])
        out = out_lines(capsys.readouterr().out)
        assert ["browsing"] == [o["firing"]["trigger"] for o in out if "firing" in o]

    @pytest.mark.parametrize(
        ("triggers", "problem"),
        [
            ('[{"name": "x"}]', "@ $[0]"),
            ("not json", "not valid JSON"),
        ],
    )
    def test_bad_triggers_file(
        self, tmp_path: Path, triggers: str, problem: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A triggers file that is not a list of triggers is invalid input (exit 2)."""
        path = write(tmp_path, LINES[:1])
        bad = tmp_path / "bad.json"
        bad.write_text(triggers, encoding="utf-8")
        assert 2 == main(["listen", str(path), "--triggers", str(bad)])
        assert problem in capsys.readouterr().err

    def test_bad_at_and_missing_file(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A bad --at or a missing events file is invalid input (exit 2)."""
        path = write(tmp_path, LINES[:1])
        assert 2 == main(["listen", str(path), "--at", "soon"])
        assert "at" in capsys.readouterr().err
        assert 2 == main(["listen", str(tmp_path / "missing.jsonl")])
        assert "cannot read the file" in capsys.readouterr().err


def test_reference_example_lines_are_all_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The example stream in docs/reference/cli.md is read whole: no line is skipped."""
    page = Path(__file__).parents[2] / "docs" / "reference" / "cli.md"
    text = page.read_text(encoding="utf-8").split("## Replaying a stream: `listen`", 1)[1]
    block = text.split("```text\n", 1)[1].split("```", 1)[0]
    assert len(block.splitlines()) == 4
    path = tmp_path / "events.jsonl"
    path.write_text(block, encoding="utf-8")
    assert 0 == main(["listen", str(path)])
    captured = capsys.readouterr()
    assert ["learned", "suppression", "suppression"] == [
        next(iter(o)) for o in out_lines(captured.out)
    ]
    assert captured.err.endswith("0 skipped\n")
