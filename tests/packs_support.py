"""
Builders for the jurisdiction pack tests: a contact somewhere, grants, messages, history,
and a decision through the default policy (core rules plus every pack).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import pendulum

import personal_touch as pt

#: Monday 2026-11-30 15:00 UTC.
AT = pendulum.datetime(2026, 11, 30, 15, 0, tz="UTC")
CREATED = pendulum.datetime(2024, 1, 1, tz="UTC")

_ZONES = {
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


def contact(jurisdiction: str | None, **changes: Any) -> pt.Contact:
    """A customer in *jurisdiction* (its usual zone), born 1980, no signals."""
    fields: dict[str, Any] = {
        "id": "c-1",
        "timezone": _ZONES.get(jurisdiction or "", "UTC"),
        "created_at": CREATED,
        "jurisdiction": jurisdiction,
        "stage": pt.Stage.CUSTOMER,
        "birth_date": dt.date(1980, 5, 17),
    }
    fields.update(changes)
    return pt.Contact(**fields)


def grant(purpose: str, basis: str = "consent", **changes: Any) -> pt.ConsentGrant:
    """A grant for contact c-1 given two months before :data:`AT`."""
    fields: dict[str, Any] = {
        "id": f"g-{purpose}-{basis}",
        "contact_id": "c-1",
        "purpose": purpose,
        "basis": basis,
        "granted_at": AT.subtract(months=2),
        "evidence": pt.Evidence(source="form", method="checkbox", opt_out_offered=True),
    }
    fields.update(changes)
    return pt.ConsentGrant(**fields)


def message(purpose: str = "marketing", channel: str = "email", **changes: Any) -> pt.Message:
    """An automated message at GENERIC that declares every legal content element."""
    fields: dict[str, Any] = {
        "purpose": purpose,
        "channel": channel,
        "content": pt.ContentFlags.declared(),
    }
    fields.update(changes)
    return pt.Message(**fields)


def call(**changes: Any) -> pt.Message:
    """A human marketing call."""
    fields: dict[str, Any] = {"authorship": "human"}
    fields.update(changes)
    return message("marketing", "phone", **fields)


def decide(
    c: pt.Contact,
    m: pt.Message,
    *,
    consents: Iterable[pt.ConsentGrant] = (),
    history: Iterable[pt.Interaction] = (),
    at: dt.datetime = AT,
) -> pt.Decision:
    """Decide with the default policy (core rules and every pack)."""
    return pt.decide(
        c,
        m,
        consents=tuple(consents),
        history=tuple(history),
        at=pendulum.instance(at),
        policy=pt.default_policy(),
    )


def rule_ids(decision: pt.Decision, effect: str | None = None) -> set[str]:
    """The ids of rules with a reason in *decision* (of one *effect*, if given)."""
    return {r.rule for r in decision.reasons if effect is None or r.effect.value == effect}


def codes(decision: pt.Decision) -> set[str]:
    """Every reason code of *decision*."""
    return {r.code for r in decision.reasons}


def touch(at: dt.datetime, channel: str = "phone", **changes: Any) -> pt.Interaction:
    """A marketing call (or *channel* touch) to c-1 at *at*."""
    fields: dict[str, Any] = {
        "contact_id": "c-1",
        "kind": "called" if channel == "phone" else "sent",
        "at": at,
        "channel": channel,
        "purpose": "marketing",
    }
    fields.update(changes)
    return pt.Interaction(**fields)


def local(zone: str, *args: int) -> pendulum.DateTime:
    """A wall-clock instant in *zone*."""
    return pendulum.datetime(*args, tz=zone)
