from __future__ import annotations

import json
from pathlib import Path

import pytest

from personal_touch._cli import main

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "examples" / "templates" / "trip-note.de.txt"
REQUESTS = ROOT / "examples" / "requests"


class TestRenderCommand:
    def test_renders_text_with_subject(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The command decides the request and prints the rendered message."""
        code = main(
            [
                "render",
                str(TEMPLATE),
                str(REQUESTS / "02-trip-note-de-customer.json"),
                "--subject",
                "Neues für {{ contact.company | default: 'Sie' }}",
                "--extra",
                "unused=1",
            ]
        )
        out = capsys.readouterr().out
        assert 0 == code
        assert out.startswith("Subject: Neues für Brandt Logistik GmbH\n\nHallo Frau Brandt,\n")
        assert "gute Reise nach New York am 7. Dezember 2026!" in out

    def test_json_output(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--json prints the levels, facts used, disclosures and fallbacks."""
        code = main(
            ["render", str(TEMPLATE), str(REQUESTS / "02-trip-note-de-customer.json"), "--json"]
        )
        data = json.loads(capsys.readouterr().out)
        assert 0 == code
        assert ("personal", ["travel.next_trip"], []) == (
            data["level_used"],
            data["facts_used"],
            data["fallbacks"],
        )

    def test_denied_request_exits_1(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A decision that does not allow the message exits 1 with the explanation."""
        code = main(
            ["render", str(TEMPLATE), str(REQUESTS / "13-newsletter-france-without-consent.json")]
        )
        assert 1 == code
        assert "verdict: DENY" in capsys.readouterr().err

    def test_malformed_template_exits_2(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A malformed template exits 2 with its line and column."""
        bad = tmp_path / "bad.txt"
        bad.write_text("Hi\n{% if facts.a %}", encoding="utf-8")
        code = main(["render", str(bad), str(REQUESTS / "02-trip-note-de-customer.json")])
        assert 2 == code
        assert "line 2, column 1" in capsys.readouterr().err

    @pytest.mark.parametrize(
        ("request_text", "args", "words"),
        [
            ("{", [], "not valid JSON"),
            ('{"contact": 1}', [], "@ $"),
            ("{}", ["--extra", "novalue"], "NAME=VALUE"),
        ],
    )
    def test_invalid_input_exits_2(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        request_text: str,
        args: list[str],
        words: str,
    ) -> None:
        """Bad requests and arguments exit 2 naming the problem."""
        req = tmp_path / "r.json"
        req.write_text(request_text, encoding="utf-8")
        assert 2 == main(["render", str(TEMPLATE), str(req), *args])
        assert words in capsys.readouterr().err

    def test_missing_file_exits_2(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An unreadable file exits 2."""
        assert 2 == main(["render", "/nonexistent/t.txt", "-"])
        assert "cannot read" in capsys.readouterr().err

    def test_missing_value_exits_1(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A required value without fallback exits 1 naming the path."""
        t = tmp_path / "t.txt"
        t.write_text("Hi {{ extra.code }}", encoding="utf-8")
        code = main(["render", str(t), str(REQUESTS / "02-trip-note-de-customer.json")])
        assert 1 == code
        assert "extra.code" in capsys.readouterr().err

    def test_html_for_email(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--html escapes values; --locale formats for another locale."""
        t = tmp_path / "t.html"
        t.write_text(
            "<p>{{ extra.x }} {% level personal %}{{ facts.travel.next_trip.departs | date }}"
            "{% endlevel %}</p>",
            encoding="utf-8",
        )
        code = main(
            [
                "render",
                str(t),
                str(REQUESTS / "02-trip-note-de-customer.json"),
                "--html",
                "--extra",
                "x=<b>",
                "--locale",
                "en",
            ]
        )
        out = capsys.readouterr().out
        assert 0 == code
        assert out.startswith("<p>&lt;b&gt; Dec 7, 2026</p>")


class TestSenderOption:
    NEWSLETTER = ROOT / "examples" / "templates" / "newsletter.de.txt"
    REQUEST = REQUESTS / "01-newsletter-de-customer.json"

    def test_sender_supplies_the_disclosures(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--sender adds the sender and the unsubscribe link the decision requires."""
        sender = ROOT / "examples" / "sender.json"
        code = main(["render", str(self.NEWSLETTER), str(self.REQUEST), "--sender", str(sender)])
        out = capsys.readouterr().out
        assert 0 == code
        assert "Gesendet von Acme Outfitters GmbH (service@acme.example)." in out
        assert "melden Sie sich hier ab: https://acme.example/abmelden" in out

    def test_without_sender_exits_1_naming_the_codes(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Without --sender the required disclosures are missing: exit 1, codes named."""
        code = main(["render", str(self.NEWSLETTER), str(self.REQUEST)])
        captured = capsys.readouterr()
        assert 1 == code
        assert "" == captured.out
        assert "sender_identity, unsubscribe" in captured.err

    def test_invalid_sender_exits_2(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A malformed sender profile exits 2 naming the field, not its value."""
        bad = tmp_path / "sender.json"
        bad.write_text('{"name": "A", "unsubscribe_url": "javascript:jane@x.test"}')
        code = main(["render", str(self.NEWSLETTER), str(self.REQUEST), "--sender", str(bad)])
        err = capsys.readouterr().err
        assert 2 == code
        assert "unsubscribe_url" in err
        assert "jane@x.test" not in err
