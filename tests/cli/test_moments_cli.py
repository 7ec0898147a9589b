from __future__ import annotations

import datetime as dt
import io
import json

import pendulum
import pytest

import personal_touch as pt
from personal_touch import converters
from personal_touch._cli import main
from personal_touch._cli._time import parse_within
from personal_touch._tour import render_demo
from personal_touch.converters._readers import LineProblem, read_contacts
from personal_touch.exceptions import InvalidFieldError
from personal_touch.moments import CustomMoment, DataProblem, Event, MomentOptions, Window
from personal_touch.testing import sample_json
from personal_touch.values import FrozenMap

AT = "2026-11-30T09:00Z"


@pytest.fixture
def contacts_file(tmp_path):
    doc = sample_json()
    lines = [json.dumps(c) for c in doc["contacts"]]
    bad = dict(doc["contacts"][0], id="c-bad")
    bad["facts"] = [
        {
            "key": "dates.birthday",
            "value": "someday-secret",
            "provenance": "stated",
            "recorded_at": "2026-01-01T00:00:00+00:00",
        }
    ]
    lines += ["", json.dumps(bad), '{"id": "broken"}', "not json"]
    path = tmp_path / "contacts.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class TestMomentsCommand:
    def test_lists_moments_and_problems(self, contacts_file, capsys):
        """Text output lists moments, then the bad-data summary without values (exit 1)."""
        assert 1 == main(["moments", str(contacts_file), "--at", AT, "--within", "7d"])
        out = capsys.readouterr().out
        assert "c-013:birthday:2026" in out
        assert "c-bad dates.birthday: birthday must be a date" in out
        assert "skipped line 16: " in out
        assert "skipped line 17: not valid JSON" in out
        assert "someday-secret" not in out

    def test_json_lines(self, contacts_file, capsys):
        """--json prints one tagged moment per line and the summary on stderr."""
        assert 1 == main(["moments", str(contacts_file), "--at", AT, "--json"])
        captured = capsys.readouterr()
        rows = [json.loads(line) for line in captured.out.splitlines()]
        assert rows
        assert all("kind" in r and "id" in r for r in rows)
        moments = converters.make_converter().structure(rows, list[pt.Moment])
        assert {m.id for m in moments} == {r["id"] for r in rows}
        assert "did not fit their kind" in captured.err

    def test_events_file(self, contacts_file, tmp_path, capsys):
        """--events matches results; a loss appears only with --include-losses."""
        events = [
            {
                "id": "r1",
                "kind": "sports_result",
                "at": "2026-11-29T19:00:00+00:00",
                "team": "Harbour City FC",
                "outcome": "lost",
            }
        ]
        path = tmp_path / "events.json"
        path.write_text(json.dumps(events), encoding="utf-8")
        args = ["moments", str(contacts_file), "--at", AT, "--events", str(path)]
        assert 1 == main(args)  # the contacts file has bad lines
        assert "team_result" not in capsys.readouterr().out
        assert 1 == main([*args, "--include-losses"])
        assert "c-002:team_result:r1" in capsys.readouterr().out

    def test_bad_arguments(self, contacts_file, capsys):
        """A bad --within exits 2 with a message naming the field."""
        assert 2 == main(["moments", str(contacts_file), "--within", "soon"])
        assert "within" in capsys.readouterr().err

    def test_whole_document_and_stdin(self, monkeypatch, capsys):
        """An object with a contacts array is read from standard input."""
        monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(sample_json())))
        assert 0 == main(["moments", "-", "--at", AT, "--within", "7d"])
        assert "c-001:trip:" in capsys.readouterr().out


class TestPlanCommand:
    def test_sample_agenda(self, capsys):
        """Without a file the plan command prints this week's agenda for the sample."""
        assert 0 == main(["plan"])
        out = capsys.readouterr().out
        assert out.startswith("This week: 9 moments; ")
        assert "suggested opening:" in out

    def test_follow_ups_in_the_plan(self, capsys):
        """Over two weeks the sample's call on 24 November gets a check-back brief."""
        assert 0 == main(["plan", "--within", "14d"])
        out = capsys.readouterr().out
        assert out.startswith("Next 14 days: 10 moments; ")
        assert "check back about account review (step 1 of 'check_back')" in out

    def test_json_and_file(self, tmp_path, capsys):
        """A data file with a team plans for that team; --json prints the plan."""
        doc = sample_json()
        doc["team"] = [{"id": "zoe", "name": "Zoe", "per_week": 1}]
        path = tmp_path / "data.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        assert 0 == main(["plan", str(path), "--json"])
        plan = converters.make_converter().structure(json.loads(capsys.readouterr().out), pt.Plan)
        assert 1 == len(plan.human)
        assert {"zoe"} == {t.writer_id for t in plan.human}

    def test_invalid_file(self, tmp_path, capsys):
        """Invalid input exits 2 listing the bad paths."""
        path = tmp_path / "data.json"
        path.write_text(json.dumps({"contacts": [{"id": 3}]}), encoding="utf-8")
        assert 2 == main(["plan", str(path)])
        assert "invalid input" in capsys.readouterr().err
        assert 2 == main(["plan", str(tmp_path / "missing.json")])


class TestDemo:
    def test_demo_shows_the_plan(self):
        """The demo ends with this week's plan for the sample data."""
        text = render_demo()
        assert "This week's plan" in text
        assert "notes for Ana" in text


class TestInputs:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("14d", dt.timedelta(days=14)),
            ("2w", dt.timedelta(weeks=2)),
            ("36h", dt.timedelta(hours=36)),
            ("90m", dt.timedelta(minutes=90)),
        ],
    )
    def test_parse_within(self, text, expected):
        """Durations are written with a unit."""
        assert expected == parse_within(text)

    @pytest.mark.parametrize("text", ["0d", "14", "d", "-1d"])
    def test_parse_within_refuses(self, text):
        """Zero, missing units and negatives are refused."""
        with pytest.raises(InvalidFieldError):
            parse_within(text)

    def test_array_input(self):
        """A JSON array of contacts is read, bad items reported by position."""
        doc = [*sample_json()["contacts"][:2], {"id": "x"}]
        problems: list[LineProblem] = []
        got = list(
            read_contacts(io.StringIO(json.dumps(doc)), converters.make_converter(), problems)
        )
        assert ["c-001", "c-002"] == [c.id for c in got]
        assert [3] == [p.line for p in problems]
        assert str(problems[0]).startswith("line 3: ")


class TestValues:
    def test_options_validate(self):
        """Options refuse negative thresholds and non-positive day counts."""
        with pytest.raises(InvalidFieldError):
            MomentOptions(big_purchase={"*": -1})
        with pytest.raises(InvalidFieldError):
            MomentOptions(trip_lead_days=0)
        opts = MomentOptions(big_purchase={"eur": 200})
        assert (200.0, 1000.0) == (
            opts.big_purchase_threshold("EUR"),
            opts.big_purchase_threshold("USD"),
        )

    def test_window_checks(self):
        """A window ends after it starts, and knows what it contains and overlaps."""
        at = pendulum.datetime(2026, 11, 30, 9)
        with pytest.raises(InvalidFieldError):
            Window(at, at)
        w = Window(at, at.add(hours=2))
        assert (True, False) == (w.contains(at), w.contains(at.add(hours=2)))
        assert (True, False) == (
            w.overlaps(at.add(hours=1), at.add(hours=5)),
            w.overlaps(at.add(hours=2), at.add(hours=5)),
        )

    def test_event_needs_id(self):
        """Events need a non-empty id."""
        with pytest.raises(InvalidFieldError):
            Event(id=" ", kind="local_news", at=pendulum.datetime(2026, 1, 1))

    def test_variant_tag_mismatch(self):
        """Structuring a variant with another variant's tag is refused."""
        conv = converters.make_converter()
        at = pendulum.datetime(2026, 11, 30, 9)
        m = CustomMoment(
            id="c:custom:x",
            contact_id="c",
            occurs_on=at.date(),
            window=Window(at, at.add(days=1)),
            tone="neutral",
            label="x",
        )
        raw = conv.unstructure(m, CustomMoment)
        assert m == conv.structure(raw, CustomMoment)
        with pytest.raises(pt.exceptions.InvalidInputError):
            conv.structure({**raw, "kind": "trip"}, CustomMoment)
        with pytest.raises(pt.exceptions.InvalidInputError):
            conv.structure([1], pt.Moment)

    def test_data_problem_text(self):
        """A data problem reads as contact, key, problem and code."""
        p = DataProblem(contact_id="c", key="dates.birthday", code="not_a_date", problem="bad")
        assert "c dates.birthday: bad [not_a_date]" == str(p)


class TestFactValues:
    def test_dates(self):
        """Dates come from dates, ISO strings, or aware datetimes read in a zone."""
        import zoneinfo

        from personal_touch._moments._values import BadValue, as_date, as_month_day

        tz = zoneinfo.ZoneInfo("Pacific/Kiritimati")
        instant = pendulum.datetime(2026, 11, 30, 12)
        assert dt.date(2026, 12, 1) == as_date(instant, "x", tz)
        assert dt.date(2026, 12, 1) == as_date("2026-12-01", "x")
        with pytest.raises(BadValue):
            as_date(instant, "x")
        with pytest.raises(BadValue):
            as_month_day("--13-01", "x")
        assert (2, 29, None) == as_month_day("--02-29", "x")

    def test_amounts_and_text(self):
        """Amounts are non-negative numbers, never booleans; text is text."""
        from personal_touch._moments._values import BadValue, as_amount, as_mapping, opt_text

        assert 3.0 == as_amount(3, "x")
        for bad in (True, -1, "3"):
            with pytest.raises(BadValue):
                as_amount(bad, "x")
        assert {"a": 1} == as_mapping({"a": 1}, "x")
        assert opt_text("  ", "x") is None
        with pytest.raises(BadValue):
            opt_text(3, "x")

    def test_team_names(self):
        """Team names come from text, mappings with a name, or lists of either."""
        from personal_touch._moments._values import BadValue, team_names

        assert ("A", "B") == team_names(("A", FrozenMap({"name": "B"})))
        with pytest.raises(BadValue):
            team_names(("A", 3))


class TestProgress:
    def test_progress_on_a_terminal(self, contacts_file, capsys, monkeypatch):
        """On a terminal, stderr shows how many contacts were scanned."""
        monkeypatch.setattr("personal_touch._cli.moments._PROGRESS_EVERY", 2)
        monkeypatch.setattr("sys.stderr.isatty", lambda: True)
        assert 1 == main(["moments", str(contacts_file), "--at", AT, "--json"])
        err = capsys.readouterr().err
        assert "\rscanned 14 contacts\n" in err
        assert "\rscanned 2 contacts" in err or "\rscanned 3 contacts" in err
