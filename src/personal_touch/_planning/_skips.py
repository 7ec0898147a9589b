"""
Skips: why a moment is not acted on, in a stable code and in words, with no personal data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from .._decision import Decision, Effect
from ._tasks import Skip

if TYPE_CHECKING:
    from .._channels import Channel
    from .._contacts import Contact
    from .._moments._model import Moment


def skip(
    m: Moment,
    code: str,
    reason: str,
    decision: Decision | None = None,
    channels: tuple[str, ...] = (),
) -> Skip:
    """
    A skip of *m*, naming the last decision consulted, if any.
    """
    return Skip(
        moment_id=m.id,
        contact_id=m.contact_id,
        code=code,
        reason=reason,
        decision_id=None if decision is None else decision.decision_id,
        channels=channels,
    )


def skip_order(s: Skip) -> str:
    """
    The order skips are listed in: by moment id.
    """
    return s.moment_id


def refusal(d: Decision, keys: Sequence[str]) -> tuple[str, str]:
    """
    The code and words of what stopped *d*.

    A denial, a deferral past the window, a withheld fact the moment rests on, or a cap.
    """
    why = d.decisive_reason
    if why is not None:
        return why.code, why.code.replace("_", " ")
    for w in d.withheld_facts:
        if w.key in keys:
            return w.code, f"may not use the fact behind it ({w.code.replace('_', ' ')})"
    for r in d.reasons:
        if r.effect is Effect.CAP:
            return r.code, f"too personal for now ({r.code.replace('_', ' ')})"
    return "facts_withheld", "may not use the facts behind it"


def per_channel(
    contact: Contact, tried: Mapping[Channel, Decision], keys: Sequence[str]
) -> tuple[str, ...]:
    """
    What stopped each channel *contact* has: the policy's words, a block or no verified address.
    """
    out = [f"{c.value}: {refusal(d, keys)[1]}" for c, d in tried.items()]
    for c in sorted(contact.channels):  # whatever order the addresses were listed in
        if c in tried:
            continue
        if c in contact.preferences.blocked_channels:
            out.append(f"{c.value}: blocked by the person")
        elif not any(p.verified for p in contact.contact_points if p.channel is c):
            out.append(f"{c.value}: no verified address")
    return tuple(out)


def unplanned(
    m: Moment,
    contact: Contact,
    *,
    last: Decision | None,
    tried: Mapping[Channel, Decision],
    no_capacity: bool,
) -> Skip:
    """
    The skip of a moment no gesture was planned for, with the reason that decided it.

    *last* is the decision that speaks for the last gesture tried (its person's first choice
    of channel), *tried* the last decision on each channel, and *no_capacity* whether a
    human gesture found no writer with room.
    """
    explained = per_channel(contact, tried, m.fact_keys)
    if last is None or (no_capacity and last.is_allowed):
        code, reason = (
            ("no_capacity", "no writer has capacity and no honest automated gesture fits")
            if no_capacity
            else ("no_channel", "no channel fits the gesture")
        )
        return skip(m, code, reason, last, explained)
    code, reason = refusal(last, m.fact_keys)
    if no_capacity and code == "facts_withheld":
        code, reason = "no_capacity", "no writer has capacity"
    return skip(m, code, reason, last, explained)
