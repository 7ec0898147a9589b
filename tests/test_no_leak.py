"""
Acceptance: no fact outside a decision's approved set ever reaches any output.

Contacts with hierarchical keys, several facts per key, expired and future facts, every
provenance and sensitivity, in every jurisdiction pack; messages asking for content and
targeting keys; real :func:`personal_touch.decide` decisions; adversarial templates reading
every fact path.  Each fact's value holds unique sentinel strings, so a leak is a substring.

The default run is CI-sized; a larger one: ``pytest tests/test_no_leak.py
--hypothesis-profile=large`` (see ``tests/conftest.py``).
"""

from __future__ import annotations

import itertools
from typing import Any

import pendulum
from hypothesis import given, settings
from hypothesis import strategies as st

import personal_touch as pt
from personal_touch._planning._briefs import brief as _brief
from personal_touch.exceptions import PersonalTouchError
from personal_touch.moments import CustomMoment, Window, Writer, suggest_gestures
from personal_touch.values import Authorship

AT = pendulum.datetime(2026, 11, 25, 15, tz="UTC")
EXAMPLES = max(200, settings.default.max_examples)

TOPICS = ("travel", "shopping", "health", "interests", "family", "name", "purchases")
BELOW = ("", ".next_trip", ".prediction", ".food", ".kids.age")
KEYS = tuple(t + b for t in TOPICS for b in BELOW)
FIELDS = ("city", "n", "prediction", "next_trip")
JURISDICTIONS = (
    None,
    "DE",
    "FR",
    "ES",
    "IT",
    "GB",
    "CA",
    "CA-QC",
    "US",
    "US-CA",
    "US-FL",
    "US-OK",
    "US-MD",
    "US-WA",
    "US-TX",
    "US-CO",
    "BR",
    "AU",
)
ZONES = ("UTC", "Europe/Berlin", "America/New_York", "America/Los_Angeles", "Australia/Sydney")
_SERIAL = itertools.count()
#: Everything a required disclosure may need, so that renders get as far as the text.
SENDER = pt.SenderProfile(
    name="Acme",
    postal_address="1 Main Street, Springfield",
    unsubscribe_url="https://example.com/unsubscribe",
    reply_opt_out=True,
    sms_keyword="STOP",
)
USUAL = (pt.Provenance.STATED, pt.Provenance.OBSERVED, pt.Provenance.SYSTEM)
LIKELY_PURPOSES = (pt.MessagePurpose.RELATIONSHIP, pt.MessagePurpose.TRANSACTIONAL)


def sentinel() -> str:
    return f"ZQ{next(_SERIAL):07d}QZ"


@st.composite
def fact_values(draw: st.DrawFn) -> tuple[Any, frozenset[str]]:
    kind = draw(st.sampled_from(("text", "map", "list", "nested")))
    a, b = sentinel(), sentinel()
    if kind == "text":
        return a, frozenset({a})
    if kind == "list":
        return [a, b], frozenset({a, b})
    field = draw(st.sampled_from(FIELDS))
    if kind == "map":
        return {field: a, "n": b}, frozenset({a, b})
    return {field: {"city": a}, "kids": [b]}, frozenset({a, b})


@st.composite
def facts(draw: st.DrawFn) -> list[tuple[pt.Fact, frozenset[str]]]:
    out = []
    for _ in range(draw(st.integers(1, 9))):
        key = draw(st.sampled_from(KEYS))
        value, marks = draw(fact_values())
        # mostly recent, some old, some recorded after the decision's instant
        recorded = AT.add(hours=draw(st.integers(-24 * 30, 24) | st.integers(-24 * 400, 48)))
        hours = draw(st.none() | st.integers(1, 24 * 60))
        until = None if hours is None else recorded.add(hours=hours)
        f = pt.Fact(
            key=key,
            value=value,
            provenance=draw(st.sampled_from(pt.Provenance) | st.sampled_from(USUAL)),
            sensitivity=draw(
                st.sampled_from(pt.Sensitivity)
                | st.just(pt.Sensitivity.ORDINARY)
                | st.just(pt.Sensitivity.ORDINARY)
            ),
            recorded_at=recorded,
            valid_until=until,
            source=draw(st.none() | st.just("call notes")),
            confidence=draw(st.none() | st.floats(0, 1)),
        )
        out.append((f, marks))
    return out


def grants(contact_id: str) -> st.SearchStrategy[list[pt.ConsentGrant]]:
    start = AT.subtract(days=90)
    choices = [
        pt.ConsentGrant(
            id="g-mkt", contact_id=contact_id, purpose="marketing", basis="consent",
            channels=["email", "sms"], granted_at=start,
        ),
        pt.ConsentGrant(
            id="g-rel", contact_id=contact_id, purpose="relationship", basis="consent",
            granted_at=start,
        ),
        pt.ConsentGrant(
            id="g-prof", contact_id=contact_id, purpose="personalization.profile",
            basis="consent", granted_at=start,
        ),
        pt.ConsentGrant(
            id="g-beh", contact_id=contact_id, purpose="personalization.behaviour",
            basis="consent", granted_at=start,
        ),
        pt.ConsentGrant(
            id="g-3p", contact_id=contact_id, purpose="personalization.third_party",
            basis="consent", granted_at=start,
        ),
        *(
            pt.ConsentGrant(
                id=f"g-{s.value}", contact_id=contact_id, purpose=pt.Purpose.sensitive(s),
                basis="explicit_consent", granted_at=start,
            )
            for s in (pt.Sensitivity.HEALTH, pt.Sensitivity.REPRODUCTIVE_HEALTH)
        ),
    ]  # fmt: skip
    usual = st.just(choices[:3])  # marketing, relationship, profile: most messages may go
    return usual | st.lists(st.sampled_from(choices), unique_by=lambda g: g.id)


def paths(keys: list[str]) -> list[str]:
    """Every path a template could try: each key, its parents, children and fields."""
    out: set[str] = set()
    for key in keys:
        parts = key.split(".")
        for i in range(1, len(parts) + 1):
            out.add(".".join(parts[:i]))
        for extra in (*FIELDS, "kids", "city", "missing_child"):
            out.add(f"{key}.{extra}")
            out.add(f"{key}.{extra}.city")
    return sorted(out)


def templates(keys: list[str]) -> list[pt.Template]:
    found = paths(keys)
    outputs = " ".join(f"[{{{{ facts.{p} | default: '-' }}}}]" for p in found)
    listed = " ".join(f"{{{{ facts.{p} | list | default: '-' }}}}" for p in found)
    conditions = "".join(
        f"{{% if facts.{p} %}}<{{{{ facts.{p} | default: '-' }}}}>{{% endif %}}" for p in found
    )
    leveled = (
        "{% level personal %}"
        + " ".join(f"{{{{ facts.{p} }}}}" for p in found)
        + "{% else %}plain{% endlevel %}"
    )
    bare = [pt.Template(f"{{{{ facts.{p} }}}}", subject=f"S {{{{ facts.{p} }}}}") for p in found]
    return [
        pt.Template(outputs, subject=outputs),
        pt.Template(listed),
        pt.Template(conditions),
        pt.Template(leveled, subject="{{ contact.name | default: 'x' }}"),
        *bare,
    ]


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[pt.Contact, pt.Message, list[pt.ConsentGrant], Any]:
    drawn = draw(facts())
    contact = pt.Contact(
        id="c-1",
        created_at=AT.subtract(years=2),
        jurisdiction=draw(st.sampled_from(JURISDICTIONS)),
        stage=draw(
            st.sampled_from(pt.Stage) | st.sampled_from((pt.Stage.CUSTOMER, pt.Stage.ADVOCATE))
        ),
        timezone=draw(st.sampled_from(ZONES)),
        locale=draw(st.sampled_from(("en", "de", "fr", "es", "pt_BR"))),
        name=pt.Name("Kim", "Lee"),
        facts=[f for f, _ in drawn],
    )
    keys = sorted({f.key for f, _ in drawn})
    parents = sorted({k.partition(".")[0] for k in keys})
    asked = st.lists(
        st.sampled_from(keys)
        | st.sampled_from(keys)
        | st.sampled_from(parents)
        | st.sampled_from(paths(keys)),
        min_size=1,
        max_size=4,
        unique=True,
    )
    message = pt.Message(
        purpose=draw(st.sampled_from(pt.MessagePurpose) | st.sampled_from(LIKELY_PURPOSES)),
        channel=draw(st.sampled_from(("email", "sms"))),
        authorship=draw(st.sampled_from(Authorship) | st.sampled_from(("human", "assisted"))),
        level=draw(st.sampled_from(pt.Level) | st.sampled_from(("contextual", "personal"))),
        content_facts=draw(asked),
        targeting_facts=draw(st.lists(st.sampled_from(keys), max_size=2, unique=True)),
    )
    at = AT.add(hours=draw(st.integers(0, 12)))
    return contact, message, draw(grants(contact.id)), (drawn, at)


def _forbidden(
    decision: pt.Decision, drawn: list[tuple[pt.Fact, frozenset[str]]]
) -> frozenset[str]:
    marks: set[str] = set()
    for f, m in drawn:
        if not any(a.matches(f) for a in decision.approved_facts):
            marks |= m
    return frozenset(marks)


def _clean(text: str, forbidden: frozenset[str], what: str) -> None:
    leaked = [m for m in forbidden if m in text]
    assert not leaked, f"{what} shows a value the decision did not approve"


class TestNoLeak:
    @settings(max_examples=EXAMPLES)
    @given(scenario=scenarios())
    def test_nothing_unapproved_reaches_any_output(
        self, scenario: tuple[pt.Contact, pt.Message, list[pt.ConsentGrant], Any]
    ) -> None:
        """No value of a fact outside decision.approved_facts is in any output or error."""
        contact, message, consents, (drawn, at) = scenario
        d = pt.decide(contact, message, consents=consents, at=at)
        approved = d.approved_in(contact.facts)
        assert len(approved) == len(d.approved_facts)  # every approval names a real instance
        assert set(approved) == set(d.usable_facts)
        for f in approved.values():  # approved instances were valid and never sensitive guesses
            assert f.is_valid_at(at)
            assert not (f.is_inferred and f.sensitivity.is_special)
        forbidden = _forbidden(d, drawn)
        _clean(repr(d), forbidden, "the decision's repr")
        _clean(d.explain(), forbidden, "the decision's explanation")
        for t in templates(sorted({f.key for f, _ in drawn})):
            try:
                r = t.render(contact, d, sender=SENDER)
            except PersonalTouchError as e:
                _clean(str(e), forbidden, "an error message")
                _clean(repr(e), forbidden, "an error's repr")
                continue
            _clean(r.text, forbidden, "the rendered text")
            _clean(r.subject or "", forbidden, "the subject")
            _clean(repr(r), forbidden, "the rendered repr")
            for x in r.disclosures:
                _clean(repr(x), forbidden, "a disclosure")
        if d.is_allowed:
            moment = CustomMoment(
                id="m-1",
                contact_id=contact.id,
                occurs_on=at.date(),
                window=Window(at, at.add(days=1)),
                tone="neutral",
                label="check_in",
            )
            gesture = suggest_gestures(moment)[0]
            brief = _brief(Writer(id="w", name="W"), contact, moment, gesture, "email",
                           moment.window, d, 1.0)  # fmt: skip
            _clean(repr(brief), forbidden, "a writer's brief")
            said = [
                brief.opening,
                brief.why_now,
                *brief.must_not,
                *(m.describe() for m in brief.mentions),
            ]
            _clean(repr([m.value for m in brief.mentions]) + " ".join(said), forbidden, "a brief")
            assert {m.key for m in brief.mentions} <= set(d.usable_facts)
