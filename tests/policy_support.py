"""
Builders for the policy engine's tests: a contact, grants, messages and a core-only policy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pendulum

import personal_touch as pt
from personal_touch import rules

if TYPE_CHECKING:
    from collections.abc import Iterable

#: A policy with the core rules only, so pack changes never move these tests.
CORE = pt.Policy(name="core", version="test", rules=rules.CORE_RULES)

#: Monday 2026-11-30 15:00 UTC: 16:00 in Berlin, 10:00 in New York, 02:00 in Sydney.
AT = pendulum.datetime(2026, 11, 30, 15, 0, tz="UTC")
CREATED = pendulum.datetime(2025, 1, 1, tz="UTC")


def contact(**changes: Any) -> pt.Contact:
    """A Berlin customer with a stated trip, a stated interest and an observed purchase."""
    fields: dict[str, Any] = {
        "id": "c-1",
        "name": pt.Name("Anna", "Muster"),
        "timezone": "Europe/Berlin",
        "created_at": CREATED,
        "stage": pt.Stage.CUSTOMER,
        "facts": (
            fact("travel.next_trip", "New York", pt.Provenance.STATED),
            fact("interests.food", "ramen", pt.Provenance.STATED),
            fact("purchases.last", "boots", pt.Provenance.OBSERVED),
        ),
    }
    fields.update(changes)
    return pt.Contact(**fields)


def fact(
    key: str,
    value: Any,
    provenance: pt.Provenance = pt.Provenance.STATED,
    *,
    recorded_at: pendulum.DateTime | None = None,
    **changes: Any,
) -> pt.Fact:
    """A fact recorded a month before :data:`AT`."""
    return pt.Fact(
        key=key,
        value=value,
        provenance=provenance,
        recorded_at=recorded_at or AT.subtract(days=30),
        **changes,
    )


def grant(purpose: str, gid: str | None = None, **changes: Any) -> pt.ConsentGrant:
    """A consent grant for contact c-1 given a year before :data:`AT`."""
    fields: dict[str, Any] = {
        "id": gid or f"g-{purpose}",
        "contact_id": "c-1",
        "purpose": purpose,
        "granted_at": AT.subtract(years=1),
    }
    fields.update(changes)
    return pt.ConsentGrant(**fields)


#: Marketing e-mail consent plus profile personalization consent.
FULL = (grant("marketing.email"), grant("personalization.profile"))


def message(**changes: Any) -> pt.Message:
    """An automated marketing e-mail at SEGMENTED that declares every legal content element."""
    fields: dict[str, Any] = {
        "purpose": "marketing",
        "channel": "email",
        "level": "segmented",
        "content": pt.ContentFlags.declared(),
    }
    fields.update(changes)
    return pt.Message(**fields)


def decide(
    c: pt.Contact | None = None,
    m: pt.Message | None = None,
    *,
    consents: Iterable[pt.ConsentGrant] | pt.ConsentLedger = FULL,
    history: Iterable[pt.Interaction] = (),
    at: pendulum.DateTime = AT,
    policy: pt.Policy = CORE,
    suppressions: Iterable[pt.Suppression] | pt.SuppressionList = (),
) -> pt.Decision:
    """Decide with the core policy and friendly defaults."""
    extra: dict[str, Any] = {"suppressions": suppressions} if suppressions else {}
    return pt.decide(
        c or contact(),
        m or message(),
        consents=consents,
        history=history,
        at=at,
        policy=policy,
        **extra,
    )


def codes(decision: pt.Decision) -> set[str]:
    """Every reason code of *decision*."""
    return {r.code for r in decision.reasons}


def touch(at: pendulum.DateTime, **changes: Any) -> pt.Interaction:
    """A marketing e-mail sent to c-1 at *at*."""
    fields: dict[str, Any] = {
        "contact_id": "c-1",
        "kind": "sent",
        "at": at,
        "channel": "email",
        "purpose": "marketing",
    }
    fields.update(changes)
    return pt.Interaction(**fields)
