from __future__ import annotations

import ast
import datetime as dt
import enum
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import cattrs
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import personal_touch as pt
import strategies as s
from personal_touch import converters
from personal_touch import moments as ptm
from personal_touch import templates as ptt
from personal_touch import values as ptv
from personal_touch._policy._io import DecisionRequest
from personal_touch.exceptions import InvalidInputError, PersonalTouchError
from personal_touch.values import FrozenMap, GrantScope, QuietHours
from test_architecture import import_graph

#: Every public enum, at the top level and in the public submodules of values.
ENUMS = [
    t
    for m in (pt, ptm, ptt, ptv)
    for n in m.__all__
    if isinstance(t := getattr(m, n), type) and issubclass(t, enum.Enum)
]
FAST = settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])


def _contact_doc(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": "c-1",
        "created_at": "2026-01-01T09:00:00+01:00",
        "locale": "de_AT",
        "timezone": "Europe/Vienna",
        "stage": "customer",
        "facts": [
            {
                "key": "travel.next_trip",
                "value": {"city": "New York", "start": {"$date": "2026-12-01"}},
                "provenance": "stated",
                "recorded_at": "2026-11-20T10:00:00+00:00",
            }
        ],
    }
    doc.update(changes)
    return doc


def _typed(value: Any) -> tuple[type, Any]:
    return type(value), value


def _errors(data: Any, cls: Any) -> tuple[str, ...]:
    with pytest.raises(InvalidInputError) as info:
        converters.structure(data, cls)
    return info.value.errors


class TestRoundTrip:
    @pytest.mark.parametrize("cls", list(s.BY_TYPE), ids=lambda c: c.__name__)
    @FAST
    @given(data=st.data())
    def test_every_type(self, cls: type, data: st.DataObject) -> None:
        """Every public type survives structure(unstructure(x)) and a JSON text round trip."""
        value = data.draw(s.BY_TYPE[cls])
        assert value == converters.structure(converters.unstructure(value), cls)
        assert value == converters.loads(converters.dumps(value), cls)

    @pytest.mark.parametrize("cls", ENUMS, ids=lambda c: c.__name__)
    def test_enums_by_value(self, cls: type[enum.Enum]) -> None:
        """Enums are written as their values and read back."""
        for member in cls:
            assert (type(member.value), member.value) == _typed(converters.unstructure(member))
            assert member is converters.structure(member.value, cls)

    @FAST
    @given(value=s.fact_values)
    def test_fact_values(self, value: Any) -> None:
        """Fact values of every shape round-trip through JSON text."""
        text = json.dumps(converters.unstructure_fact_value(value))
        assert value == converters.structure_fact_value(json.loads(text))

    @FAST
    @given(value=s.aware_datetimes())
    def test_datetimes_keep_instant_zone_and_fold(self, value: pendulum.DateTime) -> None:
        """A datetime keeps its instant, wall time and named zone."""
        back = converters.parse_datetime(converters.format_datetime(value))
        assert value == back
        assert (value.utcoffset(), value.replace(tzinfo=None)) == (
            back.utcoffset(),
            back.replace(tzinfo=None),
        )

    def test_datetime_forms(self) -> None:
        """Offsets are plain ISO 8601; named zones get an RFC 9557 suffix; UTC does not."""
        second = pendulum.datetime(2026, 10, 25, 2, 30, tz="Europe/Berlin")
        assert converters.format_datetime(second) == "2026-10-25T02:30:00+01:00[Europe/Berlin]"
        first = second.subtract(hours=1)
        assert converters.format_datetime(first) == "2026-10-25T02:30:00+02:00[Europe/Berlin]"
        assert tuple(
            converters.parse_datetime(converters.format_datetime(d)).fold for d in (first, second)
        ) == (0, 1)
        utc = pendulum.datetime(2026, 1, 1, tz="UTC")
        assert converters.format_datetime(utc) == "2026-01-01T00:00:00+00:00"

    def test_offset_not_matching_zone_is_converted(self) -> None:
        """A suffix whose zone has another offset then keeps the instant of the offset."""
        back = converters.parse_datetime("2026-07-01T12:00:00+00:00[Europe/Berlin]")
        assert pendulum.datetime(2026, 7, 1, 12, tz="UTC") == back
        assert back.timezone_name == "Europe/Berlin"

    def test_plain_json_types(self) -> None:
        """Unstructured output holds only plain JSON types (no enum members)."""
        contact = converters.structure(_contact_doc(), pt.Contact)
        data = converters.unstructure(contact)
        assert str is type(data["stage"])
        assert str is type(data["facts"][0]["provenance"])

    def test_compact_defaults(self) -> None:
        """Fields at their default value are left out."""
        contact = pt.Contact(id="c", created_at=pendulum.datetime(2026, 1, 1, tz="UTC"))
        assert converters.unstructure(contact) == {
            "id": "c",
            "created_at": "2026-01-01T00:00:00+00:00",
        }

    def test_json_forms(self) -> None:
        """Jurisdictions, quiet hours, sets and ledgers have their documented JSON form."""
        assert converters.unstructure(pt.Jurisdiction.parse("us-fl")) == "US-FL"
        assert converters.unstructure(QuietHours(dt.time(21, 30), dt.time(7, 0, 30))) == {
            "start": "21:30",
            "end": "07:00:30",
        }
        scope = GrantScope(fact_keys={"b", "a"})
        assert converters.unstructure(scope) == {"fact_keys": ["a", "b"]}
        assert converters.unstructure(pt.ConsentLedger("c")) == {"contact_id": "c"}

    def test_stage_aliases(self) -> None:
        """Stages accept CRM lifecycle names."""
        contact = converters.structure(_contact_doc(stage="Marketing Qualified Lead"), pt.Contact)
        assert pt.Stage.CONSIDERATION is contact.stage

    def test_many(self) -> None:
        """The batch helpers round-trip and leave the garbage collector as they found it."""
        contacts = [converters.structure(_contact_doc(id=f"c-{i}"), pt.Contact) for i in range(3)]
        assert contacts == converters.structure_many(
            iter(converters.unstructure_many(contacts)), pt.Contact
        )
        assert contacts == converters.structure_many(
            converters.unstructure_many(contacts, pt.Contact), pt.Contact
        )

    def test_synthetic_contacts(self) -> None:
        """Synthetic contacts round-trip through JSON text."""
        from personal_touch.testing import synthetic_contacts

        contacts = list(synthetic_contacts(50, seed=3))
        text = json.dumps(converters.unstructure_many(contacts))
        assert contacts == converters.structure_many(json.loads(text), pt.Contact)


class TestErrors:
    def test_is_value_error(self) -> None:
        """InvalidInputError is a PersonalTouchError and a ValueError, chained from nothing."""
        with pytest.raises(InvalidInputError) as info:
            converters.structure(_contact_doc(created_at="2026-01-01T09:00:00"), pt.Contact)
        assert isinstance(info.value, PersonalTouchError)
        assert isinstance(info.value, ValueError)
        assert info.value.__cause__ is None
        assert info.value.__suppress_context__

    @pytest.mark.parametrize(
        ("change", "expected"),
        [
            (
                {"created_at": "2026-01-01T09:00:00"},
                "contact.created_at: datetime must be time-zone aware (it has no tzinfo)"
                " @ $.created_at",
            ),
            (
                {"timezone": "Mars/Olympus"},
                "contact.timezone: not a known IANA time zone name @ $.timezone",
            ),
            (
                {"locale": "xx_QQ"},
                "contact.locale: not a locale identifier known to babel @ $.locale",
            ),
            (
                {"stage": "bogus"},
                "contact.stage: not a known funnel stage or CRM lifecycle name @ $.stage",
            ),
            ({"nickname": "x"}, "contact: unknown key @ $"),
            ({"id": 5}, "contact.id: expected a string @ $.id"),
            ({"facts": "x"}, "contact.facts: expected an array @ $.facts"),
            (
                {"jurisdiction": "USA-FL"},
                "contact.jurisdiction: not an ISO 3166-1 alpha-2 country code @ $.jurisdiction",
            ),
            (
                {"birth_date": "1990-02-30"},
                "contact.birth_date: expected an ISO 8601 date string like '2026-12-01' @ $.birth_date",
            ),
            (
                {"created_at": "2026-01-01T09:00:00+01:00[Mars/Base]"},
                "contact.created_at: not a known IANA time zone name @ $.created_at",
            ),
        ],
    )
    def test_each_problem_names_its_path(self, change: dict[str, Any], expected: str) -> None:
        """Each kind of malformed input is reported at its path."""
        assert (expected,) == _errors(_contact_doc(**change), pt.Contact)

    def test_missing_field(self) -> None:
        """A missing required field is reported at its path."""
        doc = _contact_doc()
        del doc["created_at"]
        assert _errors(doc, pt.Contact) == ("required field missing @ $.created_at",)

    def test_every_problem_listed(self) -> None:
        """Several problems in one document are all listed, nested paths included."""
        doc = _contact_doc(locale="xx_QQ", timezone="Nowhere/Land", stage="bogus", extra=1)
        doc["facts"][0]["recorded_at"] = "2026-11-20T10:00:00"
        doc["facts"].append({"key": "Bad Key", "value": 1, "provenance": "guessed"})
        errors = _errors([_contact_doc(), doc], list[pt.Contact])
        assert [e.rpartition(" @ ")[2] for e in errors] == [
            "$[1].locale",
            "$[1].timezone",
            "$[1].stage",
            "$[1].facts[0].recorded_at",
            "$[1].facts[1].key",
            "$[1].facts[1].provenance",
            "$[1].facts[1].recorded_at",
            "$[1]",
        ]

    def test_cross_field_problem(self) -> None:
        """A problem __init__ finds across fields is reported at the field it names."""
        doc = _contact_doc()
        doc["facts"][0]["valid_until"] = "2020-01-01T00:00:00+00:00"
        assert _errors(doc, pt.Contact) == (
            "fact.valid_until: must not be before recorded_at @ $.facts[0].valid_until",
        )

    def test_ledger_of_other_contact(self) -> None:
        """A ledger entry for another contact is reported at the ledger's entries."""
        grant = {
            "id": "g",
            "contact_id": "other",
            "purpose": "marketing",
            "granted_at": "2026-01-01T00:00:00+00:00",
        }
        errors = _errors({"contact_id": "c", "entries": [grant]}, pt.ConsentLedger)
        assert errors == (
            "consent_ledger.entries: every grant must belong to the ledger's contact @ $.entries",
        )

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ({"$date": "nope"}, "expected an ISO 8601 date string"),
            ({"$when": 1}, "unknown tag"),
            ({"$date": "2026-01-01", "x": 1}, "reserved"),
            ({"a": {1, 2}}, "expected a JSON value"),
            (float("nan"), "numbers must be finite"),
        ],
    )
    def test_bad_fact_values(self, value: Any, expected: str) -> None:
        """Malformed fact values are refused at the fact's value."""
        doc = _contact_doc()
        doc["facts"][0]["value"] = value
        (error,) = _errors(doc, pt.Contact)
        assert expected in error
        assert error.endswith("@ $.facts[0].value")

    def test_not_an_object(self) -> None:
        """A non-object where an object belongs is one problem, not one per field."""
        assert _errors("x", pt.Contact) == ("contact: expected an object @ $",)
        assert _errors({}, list[pt.Contact]) == ("list: expected an array @ $",)

    def test_bad_json(self) -> None:
        """Text that is not JSON is refused without echoing it."""
        with pytest.raises(InvalidInputError) as info:
            converters.loads("{secret", pt.Contact)
        assert "secret" not in str(info.value)

    @pytest.mark.parametrize(
        ("data", "cls"),
        [
            ("x", bool),
            ("x", int),
            ("x", float),
            (5, dt.time),
            ("21:00+01:00", dt.time),
            ("nope", dt.datetime),
            ("2026-01-01T00:00:00+01:00]", dt.datetime),
            (5, pt.Jurisdiction),
            ("x", pt.Channel),
            ([1], FrozenMap[str]),
            ({1: "a"}, FrozenMap[str]),
        ],
    )
    def test_wrong_types(self, data: Any, cls: Any) -> None:
        """Values of the wrong type are refused at the root."""
        (error,) = _errors(data, cls)
        assert error.endswith(" @ $")

    def test_format_exception_never_echoes(self) -> None:
        """Foreign errors are described by type alone, never by their message."""
        secret = "Anna Example"
        for exc in (ValueError(secret), TypeError(secret), KeyError(secret), OSError(secret)):
            assert secret not in converters.format_exception(exc, pt.Contact)
        extra = cattrs.ForbiddenExtraKeysError("", pt.Contact, {"Anna Example"})
        assert "Anna" not in converters.format_exception(extra, None)
        assert converters.describe(TypeError(secret)) == ["wrong type, expected value @ $"]
        assert (
            converters.format_exception(ValueError(secret), str | None)
            == "invalid value, expected str | None"
        )


MARKER = "ZQXMARKER"


class TestNoPersonalData:
    @FAST
    @given(
        contact=s.contacts(
            text=st.just(f"{MARKER} name"),
            fact=s.facts(value=st.just({"note": MARKER, "when": {"$date": "2026-01-01"}})),
        ),
        field=st.sampled_from(
            ["created_at", "locale", "timezone", "stage", "jurisdiction", "id", "birth_date"]
        ),
        bad=st.sampled_from(
            [f"{MARKER}", 12345, [MARKER], {MARKER: MARKER}, f"2026-01-01T00:00:00 {MARKER}"]
        ),
    )
    def test_errors_hold_no_input_values(self, contact: pt.Contact, field: str, bad: Any) -> None:
        """Corrupting one field yields an error that names it and echoes no personal data."""
        doc = converters.unstructure(contact)
        doc["contact_points"] = [{"channel": "email", "address": f"{MARKER}@example.com"}]
        doc[field] = bad
        if field == "id" and isinstance(bad, str):
            doc["created_at"] = MARKER
            field = "created_at"
        with pytest.raises(InvalidInputError) as info:
            converters.structure(doc, pt.Contact)
        assert MARKER not in str(info.value)
        assert any(e.endswith(f"@ $.{field}") for e in info.value.errors)


class TestFastAndDetailedAgree:
    @FAST
    @given(contact=s.contacts())
    def test_valid_input(self, contact: pt.Contact) -> None:
        """Both paths structure valid input to the same value."""
        conv = converters.make_converter()
        doc = conv.unstructure(contact)
        assert conv.detailed.structure(doc, pt.Contact) == conv.structure(doc, pt.Contact)

    @FAST
    @given(
        contact=s.contacts(),
        field=st.sampled_from(["created_at", "locale", "stage", "name", "facts", "preferences"]),
        bad=st.sampled_from(["x", 1, None, [], {}]),
    )
    def test_invalid_input(self, contact: pt.Contact, field: str, bad: Any) -> None:
        """Whenever the fast path refuses input, the detailed path does too, and vice versa."""
        conv = converters.make_converter()
        doc = conv.unstructure(contact)
        doc[field] = bad
        fast_ok = detailed_ok = True
        try:
            cattrs.Converter.structure(conv, doc, pt.Contact)
        except Exception:
            fast_ok = False
        try:
            conv.detailed.structure(doc, pt.Contact)
        except Exception:
            detailed_ok = False
        assert fast_ok == detailed_ok

    def test_disagreement_is_still_an_error(self) -> None:
        """If only the fast path fails, its error is reported rather than swallowed."""
        conv = converters.make_converter()
        error = conv.explain("2026-01-01T00:00:00+00:00", dt.datetime, RuntimeError("boom"))
        assert error.errors == ("cannot be read as value (RuntimeError) @ $",)  # type: ignore[attr-defined]
        error = conv.explain("2026-01-01T00:00:00+00:00", dt.datetime)
        assert error.errors == ("invalid input @ $",)  # type: ignore[attr-defined]


class TestConfigureConverter:
    def test_any_converter(self) -> None:
        """configure_converter makes a plain cattrs converter speak the same JSON."""
        conv = cattrs.Converter(forbid_extra_keys=True)
        converters.configure_converter(conv)
        contact = converters.structure(_contact_doc(), pt.Contact)
        assert converters.unstructure(contact) == conv.unstructure(contact)
        assert contact == conv.structure(conv.unstructure(contact), pt.Contact)


SRC = Path(__file__).resolve().parents[2] / "src"
PACKAGE = SRC / "personal_touch" / "converters"
REQUESTS = sorted((SRC.parent / "examples" / "requests").glob("*.json"))


class TestPackage:
    def test_only_the_converters_register_hooks(self) -> None:
        """Every structure and unstructure hook of the library is registered in this package."""
        elsewhere = [
            f"{path.relative_to(SRC)}:{node.lineno}"
            for path in sorted(SRC.rglob("*.py"))
            if PACKAGE not in path.parents
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Attribute)
            and node.attr.startswith("register_")
            and "_hook" in node.attr
        ]
        assert [] == elsewhere

    def test_detection_does_not_know_the_converters(self) -> None:
        """Moments sit below the converters: no _moments module names them, even for typing."""
        _, edges = import_graph()
        assert [] == [
            f"{e.source} imports {e.target}"
            for e in edges
            if e.source.startswith("personal_touch._moments")
            and e.target.startswith("personal_touch.converters")
        ]

    def test_a_converter_loads_neither_engine_nor_planner(self) -> None:
        """Structuring a contact does not pay for the policy engine, the packs or the planner."""
        code = (
            "from personal_touch import converters; converters.make_converter().detailed; "
            "import sys; print(*sorted(sys.modules), sep='\\n')"
        )
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
        }
        loaded = subprocess.run(
            [sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env
        ).stdout.split()
        heavy = ("personal_touch._policy", "personal_touch.packs", "personal_touch._planning")
        assert "personal_touch.converters._moments" in loaded
        assert [] == [m for m in loaded if m.startswith(heavy)]

    @pytest.mark.parametrize("name", converters.__all__)
    def test_every_public_name_documented(self, name: str) -> None:
        """Every public name has a docstring saying when it was added; the reference has them."""
        assert "versionadded" in (getattr(converters, name).__doc__ or "")
        api = (SRC.parent / "docs" / "reference" / "api.md").read_text(encoding="utf-8")
        assert ".. automodule:: personal_touch.converters\n   :members:\n" in api


class TestDecisionRequest:
    def test_json_form(self) -> None:
        """A request's JSON form: its parts' forms under their field names, empty ones left out."""
        doc = {
            "contact": {
                "id": "c-5",
                "created_at": "2026-11-29T21:17:00+01:00",
                "jurisdiction": "FR",
            },
            "message": {"purpose": "marketing", "channel": "email"},
            "at": "2026-11-30T11:00:00+01:00[Europe/Paris]",
        }
        request = converters.structure(doc, DecisionRequest)
        assert pendulum.datetime(2026, 11, 30, 11, tz="Europe/Paris") == request.at
        assert ((), ()) == (request.consents, request.history)
        assert doc == converters.unstructure(request)
        assert json.dumps(doc) == converters.dumps(request)

    @pytest.mark.parametrize("path", REQUESTS, ids=[p.stem for p in REQUESTS])
    def test_one_call_decides_as_the_parts_do(self, path: Path) -> None:
        """load(path, DecisionRequest).decide() equals decide() on the parts structured apiece."""
        request = converters.load(path, DecisionRequest)
        doc = json.loads(path.read_text(encoding="utf-8"))
        by_parts = pt.decide(
            converters.structure(doc["contact"], pt.Contact),
            converters.structure(doc["message"], pt.Message),
            consents=converters.structure(doc.get("consents", []), list[pt.ConsentGrant]),
            history=converters.structure(doc.get("history", []), list[pt.Interaction]),
            at=converters.structure(doc["at"], dt.datetime),
        )
        assert by_parts == request.decide()
        assert request == converters.loads(converters.dumps(request), DecisionRequest)

    def test_every_problem_named_without_values(self) -> None:
        """A bad request lists each problem at its path, and repeats none of the input."""
        doc = {
            "contact": {"id": "jane@example.com", "created_at": "2026-01-01T09:00:00+01:00"},
            "message": {"purpose": "marketing", "channel": "pigeon"},
            "at": "2026-11-30T11:00:00",
            "consents": [{"contact_id": "jane@example.com"}],
            "jane@example.com": 1,
        }
        errors = _errors(doc, DecisionRequest)
        assert "decision_request: unknown key @ $" in errors
        assert any(e.endswith("@ $.message.channel") for e in errors)
        assert any(e.endswith("@ $.at") for e in errors)
        assert any(e.endswith("@ $.consents[0].purpose") for e in errors)
        assert not any("jane" in e or "pigeon" in e for e in errors)
