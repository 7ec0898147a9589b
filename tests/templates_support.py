"""
Builders shared by the template tests: contacts, facts and decisions made directly.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pendulum

import personal_touch as pt
from personal_touch.values import ApprovedFact, Disclosure, WithheldFact

AT = pendulum.datetime(2026, 11, 25, 9, tz="UTC")


def fact(key: str, value: Any, *, provenance: str = "stated") -> pt.Fact:
    return pt.Fact(key=key, value=value, provenance=provenance, recorded_at=AT.subtract(days=20))


def contact(
    *,
    locale: str = "en",
    name: pt.Name | None = None,
    facts: Iterable[pt.Fact] = (),
    stage: str = "customer",
    register: str | None = None,
    timezone: str = "Europe/Berlin",
    company: str | None = None,
    id: str = "c-1",
) -> pt.Contact:
    return pt.Contact(
        id=id,
        name=name if name is not None else pt.Name("Anna", "Schmidt", honorific="Dr."),
        locale=locale,
        timezone=timezone,
        created_at=AT.subtract(years=1),
        stage=stage,
        company=company,
        facts=tuple(facts),
        preferences=pt.Preferences(register=register),
    )


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
) -> pt.Decision:
    """
    A decision made by hand: *usable* keys approve the facts of *of* at or below them.
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
        at=AT,
        verdict=verdict,
        level=level,
        approved_facts=approved,
        usable_facts=tuple(dict.fromkeys((*keys, *(a.key for a in approved)))),
        withheld_facts=tuple(
            WithheldFact(key=k, code="test", reason="withheld for the test") for k in withheld
        ),
        disclosures=tuple(disclosures),
    )
