"""
Builders for the tests: one instant and one builder per value, every default spelled out here.

The defaults, which every builder lets a test change by keyword:

- :data:`AT` is Monday 2026-11-30 15:00 UTC (16:00 in Berlin, 10:00 in New York, 02:00 in
  Sydney). Facts are recorded 30 days before it, grants given a year before it, contacts created
  on 2025-01-01. A test that needs another instant passes ``at=`` (or its own constant).
- :func:`contact` is a bare customer ``c-1`` in Berlin: no name, facts or jurisdiction. The named
  scenarios build on it: :func:`traveller` (Anna Muster with a stated trip, a stated interest and
  an observed purchase, the engine suites' person), :func:`customer_in` (a customer in a
  jurisdiction's usual zone, born 1980, the pack suites' person) and :func:`reader` (Dr. Anna
  Schmidt reading English, the template suites' person).
- :func:`grant` is a consent for ``c-1`` given a year before :data:`AT` with no evidence; pass
  ``evidence=DOCUMENTED`` where the law asks how consent was collected (soft opt-in, documented
  consent). :data:`FULL` is marketing e-mail plus profile personalization consent.
  :func:`soft_opt_in` is a soft opt-in from a sale, documented with the opt-out offered.
- :func:`message` is an automated marketing e-mail at GENERIC (the library's own default level)
  declaring every legal content element; :func:`call` is a human marketing call.
- :func:`touch` is a marketing e-mail sent to ``c-1`` (a call, for ``channel="phone"``).
- :func:`decide` asks :func:`personal_touch.decide` at :data:`AT` under the default policy (core
  rules and every pack) with no consents unless given: how the pack suites ask.
  :func:`decide_core` asks under :data:`CORE` (so pack changes never move the engine suites),
  for the :func:`traveller` with a marketing e-mail and :data:`FULL` consent unless given.
- :func:`decision` is a decision made by hand, for template tests that need no policy.

Hypothesis strategies live in ``strategies.py``; its ``decision_cases`` draw around :data:`AT`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pendulum

import personal_touch as pt
from personal_touch import rules
from personal_touch.values import ApprovedFact, Disclosure, GrantScope, WithheldFact

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

#: Monday 2026-11-30 15:00 UTC: 16:00 in Berlin, 10:00 in New York, 02:00 in Sydney.
AT = pendulum.datetime(2026, 11, 30, 15, 0, tz="UTC")
#: When every built contact was created (no rule reads it).
CREATED = pendulum.datetime(2025, 1, 1, tz="UTC")
#: When every built fact was recorded: 30 days before :data:`AT`.
RECORDED = AT.subtract(days=30)
#: When every built grant was given: a year before :data:`AT`.
GRANTED = AT.subtract(years=1)
#: Every legal content element declared present.
DECLARED = pt.ContentFlags.declared()

#: A policy with the core rules only, so pack changes never move the engine tests.
CORE = pt.Policy(name="core", version="test", rules=rules.CORE_RULES)

#: Consent collected on a form with a checkbox, an opt-out offered at the time.
DOCUMENTED = pt.Evidence(source="form", method="checkbox", opt_out_offered=True)

#: The usual time zone of each jurisdiction :func:`customer_in` is used with (else UTC).
ZONE_OF = {
    "GB": "Europe/London",
    "DE": "Europe/Berlin",
    "FR": "Europe/Paris",
    "ES": "Europe/Madrid",
    "IT": "Europe/Rome",
    "BE": "Europe/Brussels",
    "CA": "America/Toronto",
    "CA-ON": "America/Toronto",
    "CA-BC": "America/Vancouver",
    "CA-QC": "America/Montreal",
    "US": "America/New_York",
    "US-NY": "America/New_York",
    "US-CA": "America/Los_Angeles",
    "US-FL": "America/New_York",
    "US-OK": "America/Chicago",
    "US-MD": "America/New_York",
    "US-WA": "America/Los_Angeles",
    "US-TX": "America/Chicago",
    "US-CO": "America/Denver",
    "BR": "America/Sao_Paulo",
    "AU": "Australia/Sydney",
}


def fact(
    key: str,
    value: Any,
    provenance: pt.Provenance | str = pt.Provenance.STATED,
    *,
    recorded_at: dt.datetime = RECORDED,
    **changes: Any,
) -> pt.Fact:
    """A fact, stated unless told, recorded 30 days before :data:`AT` unless told."""
    return pt.Fact(
        key=key,
        value=value,
        provenance=provenance,
        recorded_at=recorded_at,
        **changes,
    )


def contact(
    *,
    id: str = "c-1",
    timezone: str | None = "Europe/Berlin",
    stage: pt.Stage | str = pt.Stage.CUSTOMER,
    created_at: dt.datetime = CREATED,
    **changes: Any,
) -> pt.Contact:
    """A bare customer ``c-1`` in Berlin: no name, facts, jurisdiction or preferences."""
    return pt.Contact(id=id, timezone=timezone, stage=stage, created_at=created_at, **changes)


def traveller(**changes: Any) -> pt.Contact:
    """Anna Muster, a Berlin customer with a stated trip, a stated interest and a purchase."""
    fields: dict[str, Any] = {
        "name": pt.Name("Anna", "Muster"),
        "facts": (
            fact("travel.next_trip", "New York", pt.Provenance.STATED),
            fact("interests.food", "ramen", pt.Provenance.STATED),
            fact("purchases.last", "boots", pt.Provenance.OBSERVED),
        ),
    }
    fields.update(changes)
    return contact(**fields)


def customer_in(jurisdiction: str | None, **changes: Any) -> pt.Contact:
    """A customer in *jurisdiction*, in its usual zone (:data:`ZONE_OF`), born 1980-05-17."""
    fields: dict[str, Any] = {
        "timezone": ZONE_OF.get(jurisdiction or "", "UTC"),
        "jurisdiction": jurisdiction,
        "birth_date": pendulum.date(1980, 5, 17),
    }
    fields.update(changes)
    return contact(**fields)


def reader(
    *,
    locale: str = "en",
    name: pt.Name | None = None,
    facts: Iterable[pt.Fact] = (),
    register: str | None = None,
    **changes: Any,
) -> pt.Contact:
    """Dr. Anna Schmidt, a Berlin customer reading *locale*, with *facts* and a *register*."""
    return contact(
        name=name if name is not None else pt.Name("Anna", "Schmidt", honorific="Dr."),
        locale=locale,
        facts=tuple(facts),
        preferences=pt.Preferences(register=register),
        **changes,
    )


def grant(
    purpose: str,
    basis: str = "consent",
    *,
    id: str | None = None,
    contact_id: str = "c-1",
    granted_at: dt.datetime = GRANTED,
    evidence: pt.Evidence | None = None,
    **changes: Any,
) -> pt.ConsentGrant:
    """
    A grant for ``c-1`` given a year before :data:`AT`, with no evidence unless given.

    Its id is ``g-<purpose>``, with ``-<basis>`` appended unless the basis is consent.
    """
    return pt.ConsentGrant(
        id=id or (f"g-{purpose}" if basis == "consent" else f"g-{purpose}-{basis}"),
        contact_id=contact_id,
        purpose=purpose,
        basis=basis,
        granted_at=granted_at,
        evidence=evidence,
        **changes,
    )


def soft_opt_in(
    categories: Iterable[str],
    purpose: str = "marketing.email",
    *,
    evidence: pt.Evidence | None = DOCUMENTED,
    **changes: Any,
) -> pt.ConsentGrant:
    """
    A soft opt-in from a sale in product *categories*, an opt-out offered when collected.
    """
    return grant(
        purpose,
        "soft_opt_in",
        scope=GrantScope(product_categories=frozenset(categories)),
        evidence=evidence,
        **changes,
    )


#: Marketing e-mail consent plus profile personalization consent.
FULL = (grant("marketing.email"), grant("personalization.profile"))


def message(
    purpose: str = "marketing",
    channel: str = "email",
    *,
    level: pt.Level | str = pt.Level.GENERIC,
    content: pt.ContentFlags = DECLARED,
    **changes: Any,
) -> pt.Message:
    """An automated message at *level* that declares every legal content element."""
    return pt.Message(purpose=purpose, channel=channel, level=level, content=content, **changes)


def call(**changes: Any) -> pt.Message:
    """A human marketing call."""
    fields: dict[str, Any] = {"authorship": "human"}
    fields.update(changes)
    return message("marketing", "phone", **fields)


def touch(
    at: dt.datetime,
    channel: str = "email",
    *,
    kind: str | None = None,
    purpose: str | None = "marketing",
    contact_id: str = "c-1",
    **changes: Any,
) -> pt.Interaction:
    """A marketing touch on *channel* to ``c-1`` at *at*: sent, or called on the phone."""
    return pt.Interaction(
        contact_id=contact_id,
        kind=kind or ("called" if channel == "phone" else "sent"),
        at=at,
        channel=channel,
        purpose=purpose,
        **changes,
    )


def local(  # noqa: PLR0917 - read as pendulum.datetime's positional parts
    zone: str, year: int, month: int, day: int, hour: int = 0, minute: int = 0
) -> pendulum.DateTime:
    """A wall-clock instant in *zone*: ``local("Europe/Paris", 2026, 11, 30, 9)``."""
    return pendulum.datetime(year, month, day, hour, minute, tz=zone)


def decide(
    c: pt.Contact,
    m: pt.Message,
    *,
    consents: Iterable[pt.ConsentGrant] | pt.ConsentLedger = (),
    history: Iterable[pt.Interaction] = (),
    at: dt.datetime = AT,
    policy: pt.Policy | None = None,
    suppressions: Iterable[pt.Suppression] | pt.SuppressionList = (),
) -> pt.Decision:
    """Decide at :data:`AT` under the default policy (core rules and every pack), no consents."""
    return pt.decide(
        c,
        m,
        consents=consents if isinstance(consents, pt.ConsentLedger) else tuple(consents),
        history=tuple(history),
        at=pendulum.instance(at),
        policy=policy if policy is not None else pt.default_policy(),
        suppressions=suppressions,
    )


def decide_core(
    c: pt.Contact | None = None,
    m: pt.Message | None = None,
    *,
    consents: Iterable[pt.ConsentGrant] | pt.ConsentLedger = FULL,
    history: Iterable[pt.Interaction] = (),
    at: dt.datetime = AT,
    policy: pt.Policy = CORE,
    suppressions: Iterable[pt.Suppression] | pt.SuppressionList = (),
) -> pt.Decision:
    """Decide under :data:`CORE` for the :func:`traveller`, a :func:`message` and :data:`FULL`."""
    return decide(
        c or traveller(),
        m or message(),
        consents=consents,
        history=history,
        at=at,
        policy=policy,
        suppressions=suppressions,
    )


def codes(decision: pt.Decision) -> set[str]:
    """Every reason code of *decision*."""
    return {r.code for r in decision.reasons}


def rule_ids(decision: pt.Decision, effect: str | None = None) -> set[str]:
    """The ids of rules with a reason in *decision* (of one *effect*, if given)."""
    return {r.rule for r in decision.reasons if effect is None or r.effect.value == effect}


def decision(
    *,
    level: str = "personal",
    usable: Iterable[str] = (),
    withheld: Iterable[str] = (),
    disclosures: Iterable[Disclosure] = (),
    channel: str = "email",
    verdict: str = "allow",
    contact_id: str = "c-1",
    of: pt.Contact | Iterable[pt.Fact] = (),
    at: dt.datetime = AT,
) -> pt.Decision:
    """
    A decision made by hand at *at*: *usable* keys approve the facts of *of* at or below them.
    """
    keys = tuple(usable)
    facts = of.facts if isinstance(of, pt.Contact) else tuple(of)
    approved = [
        ApprovedFact.of(f)
        for f in facts
        if any(f.key == k or f.key.startswith(k + ".") for k in keys)
    ]
    return pt.Decision(
        decision_id="d-1",
        contact_id=contact_id,
        message=pt.Message(purpose="relationship", channel=channel, level=level),
        at=at,
        verdict=verdict,
        level=level,
        approved_facts=approved,
        usable_facts=tuple(dict.fromkeys((*keys, *(a.key for a in approved)))),
        withheld_facts=tuple(
            WithheldFact(key=k, code="test", reason="withheld for the test") for k in withheld
        ),
        disclosures=tuple(disclosures),
    )
