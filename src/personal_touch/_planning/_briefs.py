"""
Briefs: what a writer needs to act on a moment in their own words.

Whom, why now, which approved facts they may mention (with where we learned each), what they
must not do, what the message must disclose, and a suggested way to open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pendulum

from .._decision import Decision, DisclosureCode
from .._moments._gestures import Gesture, GestureKind
from .._moments._model import MatchResult, Moment, Window
from .._moments._variants import (
    AnniversaryMoment,
    FollowUpMoment,
    LifeEventMoment,
    PurchaseMoment,
    TeamResultMoment,
    TripMoment,
)
from ._tasks import HumanTask, Mention

if TYPE_CHECKING:
    from .._channels import Channel
    from .._contacts import Contact
    from ._team import Writer


def disclosures(d: Decision, *, automated: bool) -> tuple[DisclosureCode, ...]:
    """
    What a message must disclose: what *d* requires, and that it is automated when it is.
    """
    codes = [x.code for x in d.disclosures]
    if automated and DisclosureCode.AUTOMATED_MESSAGE not in codes:
        codes.append(DisclosureCode.AUTOMATED_MESSAGE)
    return tuple(dict.fromkeys(codes))


def brief(  # noqa: PLR0917 - private helper
    writer: Writer,
    contact: Contact,
    m: Moment,
    g: Gesture,
    channel: Channel,
    window: Window,
    d: Decision,
    score: float,
) -> HumanTask:
    """
    The brief for *writer*: the approved facts to mention, what not to do, an opening.
    """
    mentions = []
    # Only the instances the decision approved, matched by identity: never a second lookup
    # (``contact.fact``) that could pick another fact under the same key.
    approved = d.approved_in(contact.known_facts)
    for key in d.usable_facts:
        f = approved.get(key)
        if f is not None:
            mentions.append(
                Mention(
                    key=key,
                    value=f.value,
                    provenance=f.provenance,
                    recorded_at=f.recorded_at,
                    source=f.source,
                )
            )
    must_not = [f"mention {w.key}: {w.reason}" for w in d.withheld_facts]
    must_not.append("include an offer or any sales content")
    must_not.append("reuse a template or send this opening as written: write it yourself")
    if m.is_sensitive:
        must_not.append("go beyond what they told you, or share it with anyone")
    if isinstance(m, TeamResultMoment) and m.outcome is not MatchResult.WON:
        must_not.append("congratulate: their team did not win")
    return HumanTask(
        writer_id=writer.id,
        contact_id=contact.id,
        contact_name=contact.name.informal,
        moment=m,
        gesture=g,
        channel=channel,
        send_window=window,
        why_now=_why_now(m),
        mentions=tuple(mentions),
        must_not=tuple(must_not),
        must_disclose=disclosures(d, automated=False),
        opening=_opening(m, g, d),
        priority=score,
        decision=d,
    )


def _why_now(m: Moment) -> str:
    day = pendulum.Date(m.occurs_on.year, m.occurs_on.month, m.occurs_on.day).format("ddd D MMM")
    if isinstance(m, TripMoment):
        return f"they leave on a trip on {day}"
    if isinstance(m, AnniversaryMoment):
        return f"{m.years}-year anniversary ({m.label.replace('_', ' ')}) on {day}"
    if isinstance(m, PurchaseMoment):
        return f"a big purchase on {day} deserves a thank-you"
    if isinstance(m, LifeEventMoment):
        return f"they told us about {m.label.replace('_', ' ')} ({day})"
    if isinstance(m, TeamResultMoment):
        return f"their team {m.outcome.value} ({day})"
    if isinstance(m, FollowUpMoment):
        about = f" about {m.topic.replace('_', ' ')}" if m.topic else ""
        return f"check back{about} (step {m.step} of '{m.cadence}'), due {day}"
    return f"{m.kind.value.replace('_', ' ')} on {day}"


def _opening(m: Moment, g: Gesture, d: Decision) -> str:
    if isinstance(m, TripMoment):
        dest = m.destination if d.may_use(m.sources[0].key) and m.destination else "the trip"
        return (
            f"Ask what they look forward to in {dest}; offer one or two tips that fit what"
            " they enjoy, in your own words."
        )
    if isinstance(m, LifeEventMoment) and m.is_sensitive:
        return (
            "Say you have been thinking of them since they mentioned it; offer help without"
            " asking for details."
        )
    if isinstance(m, PurchaseMoment):
        return "Thank them personally and ask how they are getting on with it."
    if isinstance(m, TeamResultMoment):
        if m.outcome is MatchResult.WON:
            return "Share the joy of the result in a line or two; no business talk."
        return "Acknowledge the result lightly, or wait for a happier occasion."
    if isinstance(m, FollowUpMoment):
        return "Ask how things have gone since you last spoke; offer one concrete next step."
    if g.kind is GestureKind.CALL:
        return "Call to wish them well; keep it short."
    return f"Open with a warm word about the {m.kind.value.replace('_', ' ')}, in your own voice."
