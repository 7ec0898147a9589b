"""
Every public value constructor fails with a typed error that never carries the input.

The audit enumerates fields with :func:`attrs.fields`, so a new field is covered as soon as
its class has a baseline below; a new public attrs class must be classified (input value
with a baseline, or a value the library builds) or :class:`TestCoverage` fails.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import traceback
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import personal_touch as pt
from personal_touch import converters, listening
from personal_touch import moments as ptm
from personal_touch import templates as ptt
from personal_touch import values as ptv
from personal_touch._policy._io import DecisionRequest
from personal_touch.exceptions import (
    InvalidFieldError,
    InvalidInputError,
    NaiveDateTimeError,
    PersonalTouchError,
)
from personal_touch.moments import (
    AnniversaryMoment,
    AutomatedTask,
    BirthdayMoment,
    CustomMoment,
    DataProblem,
    Event,
    FollowUpCadence,
    FollowUpMoment,
    Gesture,
    HumanTask,
    LifeEventMoment,
    Mention,
    MomentOptions,
    PurchaseMoment,
    ScanSummary,
    Skip,
    SourceFact,
    TeamResultMoment,
    Window,
    Writer,
)
from personal_touch.rules import StageTable
from personal_touch.templates import (
    Fallback,
    LintFinding,
    Rendered,
    Requirements,
    SmsCost,
    TemplateLimits,
    TemplatePart,
)
from personal_touch.testing import load_sample
from personal_touch.triggers import Firing, Trigger, Update
from personal_touch.values import (
    ApprovedFact,
    Disclosure,
    DncListing,
    FrequencyLimit,
    GrantRef,
    GrantScope,
    HistorySummary,
    QuietHours,
    WithheldFact,
)

SENTINEL = "jane.doe@example.com"
AT = pendulum.datetime(2026, 6, 1, 12, tz="UTC")
DAY = dt.date(2026, 6, 1)


class Sneaky:
    """A wrong-typed value whose repr and str are personal data."""

    def __repr__(self) -> str:
        return SENTINEL

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return SENTINEL


NAIVE = dt.datetime(2026, 6, 1, 12, 0)

#: (label, value, texts that must not appear anywhere in the error).
BAD: list[tuple[str, Any, tuple[str, ...]]] = [
    ("sentinel", SENTINEL, (SENTINEL,)),
    ("empty", "", ()),
    ("sneaky", Sneaky(), (SENTINEL,)),
    ("list", [SENTINEL], (SENTINEL,)),
    ("dict", {SENTINEL: SENTINEL}, (SENTINEL,)),
    ("bytes", SENTINEL.encode(), (SENTINEL,)),
    ("huge", 10**30, (str(10**30),)),
    ("negative", -(10**30), (str(10**30),)),
    ("nan", math.nan, ()),
    ("inf", math.inf, ()),
    ("naive", NAIVE, (str(NAIVE), NAIVE.isoformat())),
]


def _window() -> Window:
    return Window(AT, AT.add(days=3))


def _moment(**extra: Any) -> dict[str, Any]:
    return {
        "id": "m-1",
        "contact_id": "c-1",
        "occurs_on": DAY,
        "window": _window(),
        "tone": "celebratory",
        **extra,
    }


#: A valid keyword set per input value class.
BASELINES: dict[type[Any], Callable[[], dict[str, Any]]] = {
    pt.Name: lambda: {"given": "Ana", "family": "Silva"},
    pt.ContactPoint: lambda: {"channel": "email", "address": "a@b.example"},
    pt.Jurisdiction: lambda: {"country": "DE"},
    QuietHours: dict,
    FrequencyLimit: lambda: {"count": 2, "period": "week"},
    DncListing: lambda: {"registry": "uk_tps", "listed_at": AT},
    pt.Preferences: dict,
    pt.PrivacySignals: dict,
    pt.Contact: lambda: {"id": "c-1", "created_at": AT},
    pt.Fact: lambda: {"key": "k", "value": 1, "provenance": "stated", "recorded_at": AT},
    pt.Evidence: lambda: {"source": "form", "method": "checkbox"},
    GrantScope: dict,
    pt.ConsentGrant: lambda: {
        "id": "g-1",
        "contact_id": "c-1",
        "purpose": "marketing",
        "granted_at": AT,
    },
    pt.Interaction: lambda: {"contact_id": "c-1", "kind": "sent", "at": AT},
    pt.Signal: lambda: {"contact_id": "c-1", "kind": "viewed", "at": AT},
    HistorySummary: lambda: {"contact_id": "c-1"},
    pt.Message: lambda: {"purpose": "marketing", "channel": "email"},
    pt.ContentFlags: dict,
    listening.Question: lambda: {"key": "apparel.shirt_size"},
    listening.Form: lambda: {"questions": [listening.Question("apparel.shirt_size")]},
    Window: lambda: {"start": AT, "end": AT.add(days=1)},
    SourceFact: lambda: {"key": "k"},
    Event: lambda: {"id": "e-1", "kind": "other", "at": AT},
    Gesture: lambda: {"kind": "note", "authorship": "human", "level": "personal"},
    Writer: lambda: {"id": "w-1", "name": "Ana"},
    MomentOptions: dict,
    FollowUpCadence: dict,
    BirthdayMoment: _moment,
    AnniversaryMoment: lambda: _moment(label="wedding", years=3),
    ptm.TripMoment: lambda: _moment(departs=DAY),
    PurchaseMoment: lambda: _moment(amount=10.0),
    LifeEventMoment: lambda: _moment(label="new_job"),
    TeamResultMoment: lambda: _moment(team="FC", outcome="won", event_id="e-1"),
    FollowUpMoment: lambda: _moment(cadence="check_back", step=1, anchor_id="m-0"),
    CustomMoment: lambda: _moment(label="x"),
    pt.Template: lambda: {"source": "Hi"},
    pt.Policy: dict,
    pt.SenderProfile: lambda: {"name": "Shop"},
    pt.SuppressionList: dict,
    pt.Suppression: lambda: {"contact_id": "c-1", "since": AT},
    StageTable: lambda: {"levels": dict(pt.Policy().stage_table.levels)},
    pt.TemplateCatalog: lambda: {"templates": {"en": pt.Template("Hi")}, "default": "en"},
    Trigger: lambda: {
        "name": "t",
        "pattern": "each",
        "message": pt.Message(purpose="marketing", channel="email"),
        "kinds": ["viewed"],
    },
    Update: lambda: {"kind": "price_drop", "subject": "p-1", "at": AT},
    DecisionRequest: lambda: {
        "contact": pt.Contact(id="c-1", created_at=AT),
        "message": pt.Message(purpose="marketing", channel="email"),
        "at": AT,
    },
}

#: Public attrs classes the library builds (results, rules, templates): not audited here.
BUILT: frozenset[type[Any]] = frozenset(
    {
        ApprovedFact,
        AutomatedTask,
        pt.ConsentLedger,
        DataProblem,
        pt.Decision,
        Disclosure,
        Firing,
        Fallback,
        GrantRef,
        HumanTask,
        LintFinding,
        Mention,
        pt.Moment,
        pt.Plan,
        pt.Prepared,
        pt.Reason,
        Rendered,
        Requirements,
        ScanSummary,
        Skip,
        SmsCost,
        TemplateLimits,
        TemplatePart,
        WithheldFact,
        # Decision.what_if() builds these (issue 14 item 7).
        *(ptv.Change, ptv.Scenario, ptv.WhatIf),
    }
)


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    todo = [exc]
    while todo:
        e = todo.pop()
        if id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        todo += [x for x in (e.__cause__, e.__context__) if x is not None]
        todo += list(getattr(e, "exceptions", ()))


def leaks(exc: BaseException, needles: tuple[str, ...]) -> list[str]:
    """Needles found in the exception's chain, reprs, strs or formatted traceback."""
    texts = ["".join(traceback.format_exception(exc))]
    for e in _chain(exc):
        texts += [repr(e), str(e), *map(str, getattr(e, "__notes__", []))]
    blob = "\n".join(texts)
    return [n for n in needles if n and n in blob]


def _cases() -> Iterator[Any]:
    for cls, base in BASELINES.items():
        for field in attrs.fields(cls):
            if not field.init:
                continue
            for label, value, needles in BAD:
                yield pytest.param(
                    cls, base, field.name, value, needles, id=f"{cls.__name__}.{field.name}-{label}"
                )


class TestConstructors:
    @pytest.mark.parametrize("cls", list(BASELINES), ids=lambda c: c.__name__)
    def test_baseline_is_valid(self, cls: type[Any]) -> None:
        """Each baseline builds, so the audit below tests one bad field at a time."""
        cls(**BASELINES[cls]())

    @pytest.mark.parametrize(("cls", "base", "name", "value", "needles"), list(_cases()))
    def test_bad_field_raises_typed_error_without_value(
        self,
        cls: type[Any],
        base: Callable[[], dict[str, Any]],
        name: str,
        value: Any,
        needles: tuple[str, ...],
    ) -> None:
        """A bad field value is accepted or refused with a typed error free of the value."""
        kwargs = {**base(), name: value}
        error: BaseException | None = None
        try:
            cls(**kwargs)
        except Exception as exc:
            error = exc
        if error is None:
            return
        assert isinstance(error, InvalidFieldError), f"untyped {type(error).__name__}"
        assert error.field
        assert str(error).startswith(f"{error.field}: ")
        assert [] == leaks(error, needles)

    @pytest.mark.parametrize(
        ("cls", "kwargs", "field"),
        [
            (pt.Fact, {"provenance": SENTINEL}, "provenance"),
            (pt.Fact, {"sensitivity": SENTINEL}, "sensitivity"),
            (pt.ContactPoint, {"channel": SENTINEL}, "channel"),
            (pt.Interaction, {"kind": SENTINEL}, "kind"),
            (pt.Preferences, {"preferred_channels": [SENTINEL]}, "preferred_channels"),
            (pt.Preferences, {"blocked_channels": [SENTINEL]}, "blocked_channels"),
            (FrequencyLimit, {"period": SENTINEL}, "period"),
            (DncListing, {"registry": SENTINEL}, "registry"),
        ],
    )
    def test_enum_errors_name_the_field(
        self, cls: type[Any], kwargs: dict[str, Any], field: str
    ) -> None:
        """A wrong enum value names the field it was given for and lists the choices."""
        with pytest.raises(PersonalTouchError) as info:
            cls(**{**BASELINES[cls](), **kwargs})
        assert field == info.value.field  # type: ignore[attr-defined]
        assert "expected one of" in str(info.value)
        assert [] == leaks(info.value, (SENTINEL,))


class TestCoverage:
    def test_every_public_value_is_classified(self) -> None:
        """A new public attrs class needs a baseline here or must be one the library builds."""
        public = {
            o
            for m in (pt, ptm, ptt, ptv)
            for n in m.__all__
            if isinstance(o := getattr(m, n), type) and attrs.has(o)
        }
        assert set() == public - set(BASELINES) - BUILT


class TestNaiveAt:
    @pytest.mark.parametrize(
        "call",
        [
            lambda: pt.Fact(key="k", value=1, provenance="stated", recorded_at=AT).is_valid_at(
                NAIVE  # type: ignore[arg-type]
            ),
            lambda: pt.Preferences(paused_until=AT).is_paused(NAIVE),  # type: ignore[arg-type]
            lambda: pt.PrivacySignals(objected_to_marketing_at=AT).has_objected(
                NAIVE  # type: ignore[arg-type]
            ),
            lambda: Window(AT, AT.add(days=1)).contains(NAIVE),
            lambda: Window(AT, AT.add(days=1)).overlaps(NAIVE, NAIVE),
            lambda: pt.Contact(id="c-1", created_at=AT).advance_to("consideration", at=NAIVE),
            lambda: ptm.moment_priority(
                BirthdayMoment(**_moment()), pt.Contact(id="c-1", created_at=AT), [], at=NAIVE
            ),
        ],
        ids=[
            "fact.is_valid_at",
            "preferences.is_paused",
            "privacy.has_objected",
            "window.contains",
            "window.overlaps",
            "contact.advance_to",
            "moment_priority",
        ],
    )
    def test_naive_at_is_refused(self, call: Callable[[], object]) -> None:
        """A naive ``at`` is a NaiveDateTimeError, not a TypeError from comparing."""
        with pytest.raises(NaiveDateTimeError):
            call()


class TestJson:
    def test_unknown_key_is_not_echoed(self) -> None:
        """An unknown key is reported by path without its text, in message and chain."""
        data = {"id": "c-1", "created_at": "2026-06-01T12:00:00+00:00", "jane_doe": 1}
        data[SENTINEL] = 1
        with pytest.raises(InvalidInputError) as info:
            converters.structure(data, pt.Contact)
        assert "contact: 2 unknown keys @ $" in info.value.errors
        assert [] == leaks(info.value, (SENTINEL, "jane_doe"))

    def test_bad_enum_value_not_in_chain(self) -> None:
        """A bad enum value in JSON leaves no trace in the error chain."""
        data = {"key": "k", "value": 1, "provenance": SENTINEL, "recorded_at": AT.isoformat()}
        with pytest.raises(InvalidInputError) as info:
            converters.structure(data, pt.Fact)
        assert any("$.provenance" in e for e in info.value.errors)
        assert [] == leaks(info.value, (SENTINEL,))

    def test_errors_list_every_problem(self) -> None:
        """Every problem is still listed with its path."""
        data = {"key": "K!", "value": 1, "provenance": "nope", "recorded_at": "x", SENTINEL: 1}
        with pytest.raises(InvalidInputError) as info:
            converters.structure(data, pt.Fact)
        paths = sorted(e.rpartition(" @ ")[2] for e in info.value.errors)
        assert ["$", "$.key", "$.provenance", "$.recorded_at"] == paths

    @pytest.mark.parametrize("depth", [65, 1_000, 100_000])
    @pytest.mark.parametrize("shape", ["list", "dict"])
    def test_deep_fact_value_is_invalid_input(self, depth: int, shape: str) -> None:
        """A fact value nested deeper than 64 levels is refused, not a RecursionError."""
        open_, close = ("[", "]") if shape == "list" else ('{"a":', "}")
        value = open_ * depth + "1" + close * depth
        text = (
            '{"key": "k", "provenance": "stated", "recorded_at": "2026-06-01T12:00:00Z", '
            f'"value": {value}}}'
        )
        with pytest.raises(InvalidInputError):
            converters.loads(text, pt.Fact)

    def test_fact_value_at_the_limit_is_fine(self) -> None:
        """64 levels of nesting are allowed, in JSON and in Python."""
        value: Any = 1
        for _ in range(63):
            value = [value]
        fact = pt.Fact(key="k", value=value, provenance="stated", recorded_at=AT)
        assert fact == converters.loads(converters.dumps(fact), pt.Fact)

    def test_deep_python_fact_value_is_typed(self) -> None:
        """A deep value built in Python is an InvalidFieldError, not a RecursionError."""
        value: Any = 1
        for _ in range(100_000):
            value = [value]
        with pytest.raises(PersonalTouchError):
            pt.Fact(key="k", value=value, provenance="stated", recorded_at=AT)

    @pytest.mark.parametrize("sign", [1, -1])
    def test_huge_integers_are_refused(self, sign: int) -> None:
        """An integer too long to write out is refused, in Python and in JSON values."""
        huge = sign * 10**4000
        with pytest.raises(InvalidFieldError):
            pt.Fact(key="k", value=[huge], provenance="stated", recorded_at=AT)
        doc = {"key": "k", "value": {"n": huge}, "provenance": "stated"}
        doc["recorded_at"] = AT.isoformat()
        with pytest.raises(InvalidInputError):
            converters.structure(doc, pt.Fact)
        fact = pt.Fact(key="k", value=huge // 10, provenance="stated", recorded_at=AT)
        assert fact == converters.loads(converters.dumps(fact), pt.Fact)

    def test_bytes_not_utf8(self) -> None:
        """Bytes that are not UTF-8 are invalid input, without the bytes in the chain."""
        with pytest.raises(InvalidInputError) as info:
            converters.loads(b'{"id": "\xff' + SENTINEL.encode() + b'"}', pt.Contact)
        assert [] == leaks(info.value, (SENTINEL,))

    def test_bad_json_text_not_in_chain(self) -> None:
        """Invalid JSON names line and column, never the document."""
        with pytest.raises(InvalidInputError) as info:
            converters.loads('{"id": "' + SENTINEL + '" oops}', pt.Contact)
        assert "line 1" in str(info.value)
        assert [] == leaks(info.value, (SENTINEL,))

    def test_load_file_non_utf8(self, tmp_path: Any) -> None:
        """Reading a non-UTF-8 file names the file and the line, not the bytes."""
        path = tmp_path / "contact.json"
        path.write_bytes(b'{"id": "c-1",\n "created_at": "\xff' + SENTINEL.encode() + b'"}')
        with pytest.raises(InvalidInputError) as info:
            converters.load(path, pt.Contact)
        assert "contact.json" in str(info.value)
        assert "line 2" in str(info.value)
        assert [] == leaks(info.value, (SENTINEL,))

    def test_load_file_round_trip(self, tmp_path: Any) -> None:
        """A valid file loads."""
        contact = pt.Contact(id="c-1", created_at=AT)
        path = tmp_path / "c.json"
        path.write_text(json.dumps(converters.unstructure(contact)), encoding="utf-8")
        assert contact == converters.load(path, pt.Contact)


def _personal_strings(contacts: Any, team: Any) -> set[str]:
    """Names, addresses, companies and the text inside fact values (4+ characters)."""
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, str):
            found.add(value)
        elif isinstance(value, (tuple, list)):
            for v in value:
                walk(v)
        elif isinstance(value, Mapping):
            for v in value.values():
                walk(v)

    for c in contacts:
        n = c.name
        walk([n.given, n.family, n.preferred, c.company])
        walk([p.address for p in c.contact_points])
        for f in c.facts:
            walk(f.value)
            if isinstance(f.value, (dt.date, dt.datetime)):
                found.add(f.value.isoformat()[:10])
        if c.birth_date is not None:
            found.add(c.birth_date.isoformat())
    walk([w.name for w in team])
    return {s for s in found if s and len(s) >= 4}


class TestReprs:
    def test_moments_and_plans_show_ids_not_personal_data(self) -> None:
        """Moments, plans, tasks, mentions and decisions repr without personal data."""
        sample = load_sample()
        scan = pt.scan_moments(
            sample.contacts, at=sample.at, within=dt.timedelta(days=21), events=sample.events
        )
        moments = list(scan)
        assert moments
        the_plan = pt.plan(
            moments,
            sample.contacts,
            consents=sample.ledgers,
            history=sample.history,
            team=sample.team,
            at=sample.at,
        )
        assert the_plan.human
        values: list[Any] = [*moments, the_plan, *the_plan.human, *the_plan.automated]
        values += [t.decision for t in the_plan.human]
        values += [t.decision for t in the_plan.automated]
        values += [m for t in the_plan.human for m in t.mentions]
        personal = _personal_strings(sample.contacts, sample.team)
        assert personal
        for v in values:
            text = repr(v)
            assert [] == [p for p in personal if p in text], type(v).__name__

    def test_moment_repr_names_ids(self) -> None:
        """A moment's repr carries its id, contact id and tone."""
        m = ptm.TripMoment(**_moment(departs=DAY, destination=SENTINEL))
        assert "TripMoment(id='m-1', contact_id='c-1', tone=celebratory)" == repr(m)


_FIELDS = [(cls, field.name) for cls in BASELINES for field in attrs.fields(cls) if field.init]
_local = st.text(alphabet="abcdefghijklmnopqrstuvwxyz.", min_size=3, max_size=12)


class TestProperties:
    @settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
    @given(where=st.sampled_from(_FIELDS), local=_local, wrap=st.sampled_from([0, 1, 2]))
    def test_no_field_repeats_an_address(
        self, where: tuple[type[Any], str], local: str, wrap: int
    ) -> None:
        """Any e-mail-like value in any field: accepted, or refused without repeating it."""
        cls, name = where
        address = f"{local}@{local[::-1]}.example"
        value: Any = [address, address, {address: address}][wrap]
        error: BaseException | None = None
        try:
            cls(**{**BASELINES[cls](), name: value})
        except Exception as exc:
            error = exc
        if error is not None:
            assert isinstance(error, InvalidFieldError)
            assert [] == leaks(error, (address, local + "@"))

    @settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow], deadline=None)
    @given(
        keys=st.lists(
            st.builds("{}@{}.example".format, _local, _local), min_size=1, max_size=4, unique=True
        ),
        where=st.sampled_from(["top", "fact", "point"]),
    )
    def test_unknown_json_keys_never_echoed(self, keys: list[str], where: str) -> None:
        """Unknown keys anywhere in a document are reported by path, never by name."""
        doc = converters.unstructure(
            pt.Contact(
                id="c-1",
                created_at=AT,
                facts=[pt.Fact(key="k", value=1, provenance="stated", recorded_at=AT)],
                contact_points=[pt.ContactPoint("email", "a@b.example")],
            )
        )
        target = {"top": doc, "fact": doc["facts"][0], "point": doc["contact_points"][0]}[where]
        for k in keys:
            target[k] = k
        with pytest.raises(InvalidInputError) as info:
            converters.structure(doc, pt.Contact)
        assert [] == leaks(info.value, tuple(keys))
        assert 1 == sum("unknown key" in e for e in info.value.errors)

    @settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
    @given(
        data=st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
            lambda inner: (
                st.lists(inner, max_size=4)
                | st.dictionaries(
                    st.sampled_from(["id", "key", "value", "kind", "at", SENTINEL]) | st.text(),
                    inner,
                    max_size=4,
                )
            ),
            max_leaves=20,
        ),
        cls=st.sampled_from([pt.Contact, pt.Fact, pt.Moment, pt.ConsentGrant, DecisionRequest]),
    )
    def test_any_json_is_a_value_or_invalid_input(self, data: Any, cls: type[Any]) -> None:
        """Arbitrary JSON data structures or raises InvalidInputError, never echoing keys."""
        error: InvalidInputError | None = None
        try:
            converters.structure(data, cls)
        except InvalidInputError as exc:  # anything else fails the test
            error = exc
        assert error is None or [] == leaks(error, (SENTINEL,))
