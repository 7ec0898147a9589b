from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from personal_touch import converters
from personal_touch._cli import main
from personal_touch._policy._io import DecisionRequest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "requests"
FILES = sorted(EXAMPLES.glob("*.json"))

#: The outcome each example documents in its README table.
EXPECTED = {
    "01-newsletter-de-customer": ("allow", "segmented"),
    "02-trip-note-de-customer": ("allow", "personal"),
    "03-offer-uk-after-unsubscribe": ("deny", "generic"),
    "04-text-new-york-before-8am": ("defer", "segmented"),
    "05-targeting-inferred-pregnancy": ("deny", "generic"),
    "06-content-inferred-pregnancy": ("allow", "customized"),
    "07-paused-brazil": ("deny", "generic"),
    "08-anniversary-au-advocate": ("allow", "contextual"),
    "09-dial-back-ireland-letter": ("allow", "generic"),
    "10-receipt-at-night-california": ("allow", "customized"),
    "11-human-reply-to-inquiry-florida": ("allow", "individual"),
    "12-automated-fake-personal-note": ("deny", "generic"),
    "13-newsletter-france-without-consent": ("deny", "generic"),
    "14-call-florida-customer-at-night": ("deny", "generic"),
    "15-unknown-jurisdiction-implied-consent": ("deny", "generic"),
}


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["decide", *argv])
    out, err = capsys.readouterr()
    return code, out, err


class TestExamples:
    def test_a_dozen_documented_examples(self) -> None:
        """examples/requests holds every documented request and the README lists each."""
        assert sorted(EXPECTED) == [f.stem for f in FILES]
        readme = (EXAMPLES / "README.md").read_text()
        assert all(f"`{name}`" in readme for name in EXPECTED)

    @pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
    def test_round_trip(self, path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """The CLI prints a decision that structures back to the one decided in process."""
        code, out, err = _run(capsys, str(path))
        assert (0, "") == (code, err)
        conv = converters.make_converter()
        printed = conv.structure(json.loads(out), type(_decide(path)))
        assert _decide(path) == printed
        assert EXPECTED[path.stem] == (printed.verdict.value, printed.level.value)

    def test_explain(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--explain prints the readable account."""
        code, out, _ = _run(capsys, str(FILES[3]), "--explain")
        assert 0 == code
        assert "verdict: DEFER until 2026-11-30T08:00:00-05:00" in out

    def test_stdin(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A request can come from standard input."""
        monkeypatch.setattr("sys.stdin", io.StringIO(FILES[0].read_text()))
        code, out, _ = _run(capsys, "-")
        assert (0, "allow") == (code, json.loads(out)["verdict"])


def _decide(path: Path) -> object:
    conv = converters.make_converter()
    return conv.structure(json.loads(path.read_text()), DecisionRequest).decide()


class TestInvalidInput:
    def test_every_bad_path_named(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Malformed requests exit 2 and name every bad path."""
        bad = tmp_path / "bad.json"
        bad.write_text(
            json.dumps(
                {
                    "contact": {"id": "", "created_at": "2026-01-01T00:00:00Z"},
                    "message": {"purpose": "spam", "channel": "email"},
                    "at": "2026-01-01T00:00",
                    "extra": 1,
                }
            )
        )
        code, out, err = _run(capsys, str(bad))
        assert (2, "") == (code, out)
        for path in ("$.contact.id", "$.message.purpose", "$.at"):
            assert path in err

    @pytest.mark.parametrize(
        ("text", "needle"),
        [("{not json", "not valid JSON"), ("[]", "@ $"), ('{"contact": 1}', "$.contact")],
    )
    def test_not_a_request(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, needle: str
    ) -> None:
        """Text that is not a request object exits 2."""
        bad = tmp_path / "bad.json"
        bad.write_text(text)
        code, _, err = _run(capsys, str(bad))
        assert 2 == code
        assert needle in err

    def test_missing_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A file that cannot be read exits 2."""
        code, _, err = _run(capsys, str(tmp_path / "nope.json"))
        assert 2 == code
        assert "cannot read the file" in err

    def test_ledger_of_another_contact(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A request whose grants belong to someone else is decided without them (exit 0)."""
        doc = json.loads(FILES[0].read_text())
        for g in doc["consents"]:
            g["contact_id"] = "someone-else"
        path = tmp_path / "r.json"
        path.write_text(json.dumps(doc))
        code, out, _ = _run(capsys, str(path))
        assert (0, "deny") == (code, json.loads(out)["verdict"])

    def test_engine_error_reported(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """An error raised while deciding is reported on stderr with exit 2."""
        from personal_touch.exceptions import InvalidFieldError

        def boom(self: DecisionRequest, **_: object) -> None:
            raise InvalidFieldError("consents", "the ledger belongs to another contact")

        monkeypatch.setattr(DecisionRequest, "decide", boom)
        code, _, err = _run(capsys, str(FILES[0]))
        assert 2 == code
        assert "consents: the ledger belongs to another contact @ $" in err


class TestSuppressions:
    def test_a_request_carries_its_suppression_list(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A suppression list in the request denies what it bars, named by its reason code."""
        request = json.loads(FILES[0].read_text())
        request["suppressions"] = {
            "entries": [
                {
                    "contact_id": request["contact"]["id"],
                    "reason": "erased",
                    "since": "2020-01-01T00:00:00Z",
                }
            ]
        }
        path = tmp_path / "suppressed.json"
        path.write_text(json.dumps(request))
        code, out, _ = _run(capsys, str(path))
        decision = json.loads(out)
        assert (0, "deny") == (code, decision["verdict"])
        assert "suppressed" in {r["code"] for r in decision["reasons"]}
