"""
The plan: what to do about a set of moments, and the agenda it reads as.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs
import pendulum

from .._decision import DisclosureCode
from .._time import check_aware, check_aware_or_none, to_datetime, to_datetime_or_none
from .._validators import tuple_of
from ._tasks import AutomatedTask, HumanTask, Skip
from ._team import Writer

if TYPE_CHECKING:
    from .._moments._model import Window


def _writers(values: Iterable[Writer]) -> tuple[Writer, ...]:
    return tuple_of(Writer, values, "writers")


def _human(values: Iterable[HumanTask]) -> tuple[HumanTask, ...]:
    return tuple_of(HumanTask, values, "human")


def _automated(values: Iterable[AutomatedTask]) -> tuple[AutomatedTask, ...]:
    return tuple_of(AutomatedTask, values, "automated")


def _skipped(values: Iterable[Skip]) -> tuple[Skip, ...]:
    return tuple_of(Skip, values, "skipped")


@attrs.frozen(kw_only=True, repr=False)
class Plan:
    """
    What to do about a set of moments: human briefs, automated gestures and skips.

    Serialize it with :func:`personal_touch.converters.dumps`; print :meth:`agenda`.

    Args:
        at: When the plan was made.
        until: The latest instant at which one of its moments' windows opens (the span the
            agenda's first line names: "This week" up to seven days).
        writers: The team.
        human: Briefs for writers.
        automated: Honest automated gestures.
        skipped: Moments not acted on, each with its reason.

    .. versionadded:: 0.1.0
    """

    at: pendulum.DateTime = attrs.field(converter=to_datetime, validator=check_aware)
    until: pendulum.DateTime | None = attrs.field(
        default=None, converter=to_datetime_or_none, validator=check_aware_or_none
    )
    writers: tuple[Writer, ...] = attrs.field(default=(), converter=_writers)
    human: tuple[HumanTask, ...] = attrs.field(default=(), converter=_human)
    automated: tuple[AutomatedTask, ...] = attrs.field(default=(), converter=_automated)
    skipped: tuple[Skip, ...] = attrs.field(default=(), converter=_skipped)

    def __repr__(self) -> str:
        # Counts only; print agenda() for people, and each task's repr for its ids.
        return (
            f"Plan(at={self.at.isoformat()!r}, human={len(self.human)}, "
            f"automated={len(self.automated)}, skipped={len(self.skipped)})"
        )

    @property
    def moments(self) -> int:
        """
        How many moments the plan considered.
        """
        return len(self.human) + len(self.automated) + len(self.skipped)

    def tasks_for(self, writer_id: str) -> tuple[HumanTask, ...]:
        """
        The briefs assigned to *writer_id*, in send order.
        """
        return tuple(t for t in self.human if t.writer_id == writer_id)

    def summary(self) -> str:
        """
        One line for the whole plan.

        ``"This week: 14 moments; 6 notes for Ana, 4 for Ben; 3 automated; 1 skipped:
        consent withdrawn"``.
        """
        span = "This week"
        if self.until is not None and self.until - self.at > dt.timedelta(days=7):
            span = f"Next {math.ceil((self.until - self.at).total_seconds() / 86400)} days"
        parts = [f"{span}: {self.moments} moment{'s' if self.moments != 1 else ''}"]
        notes = []
        for w in self.writers:
            n = sum(1 for t in self.human if t.writer_id == w.id)
            if n:
                notes.append(f"{n} {'note' if n == 1 else 'notes'} for {w.name}")
        if notes:
            notes[1:] = [
                n.replace(" notes for ", " for ").replace(" note for ", " for ") for n in notes[1:]
            ]
            parts.append(", ".join(notes))
        else:
            parts.append("no notes")
        parts.append(f"{len(self.automated)} automated")
        if self.skipped:
            reasons = Counter(s.reason for s in self.skipped)
            if len(reasons) == 1:
                parts.append(f"{len(self.skipped)} skipped: {next(iter(reasons))}")
            else:
                listed = ", ".join(f"{n} {r}" for r, n in reasons.most_common())
                parts.append(f"{len(self.skipped)} skipped: {listed}")
        else:
            parts.append("0 skipped")
        return "; ".join(parts)

    def agenda(self) -> str:
        """
        A readable agenda.

        The summary line, each writer's briefs, the automated gestures and the skips with
        their reasons.
        """
        lines = [self.summary(), ""]
        for w in self.writers:
            tasks = sorted(self.tasks_for(w.id), key=lambda t: t.send_window.start)
            if tasks:
                lines.append(f"{w.name}:")
                lines.extend(line for t in tasks for line in _brief_lines(t))
                lines.append("")
        if self.automated:
            lines.append("Automated (labelled as automated):")
            for a in sorted(self.automated, key=lambda a: a.send_window.start):
                lines.append(
                    f"  - {_when(a.send_window)} {a.gesture.kind.value} to {a.contact_id} by"
                    f" {a.channel.value} for {a.moment.kind.value.replace('_', ' ')}"
                )
            lines.append("")
        if self.skipped:
            lines.append("Skipped:")
            for s in self.skipped:
                lines.append(f"  - {s.moment_id}: {s.reason}")
                lines.extend(f"      {c}" for c in s.channels)
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"


def _brief_lines(t: HumanTask) -> list[str]:
    """
    A brief in the agenda: whom, when, why, what to mention and not, how to open.
    """
    lines = [
        f"  - {_when(t.send_window)} {t.gesture.kind.value} to {t.contact_name or t.contact_id}"
        f" ({t.contact_id}) by {t.channel.value}: {t.why_now}"
    ]
    lines.extend(f"      may mention {m.describe()}" for m in t.mentions)
    lines.extend(f"      must not: {rule}" for rule in t.must_not)
    lines.extend(
        f"      must disclose: {_DISCLOSE.get(code, code.value)}" for code in t.must_disclose
    )
    lines.append(f"      suggested opening: {t.opening}")
    return lines


_DISCLOSE = {
    DisclosureCode.FACT_SOURCE: "where we learned what you mention",
    DisclosureCode.AUTOMATED_MESSAGE: "that it was sent automatically",
    DisclosureCode.UNSUBSCRIBE: "how to unsubscribe",
    DisclosureCode.SMS_OPT_OUT: "how to opt out (reply STOP)",
    DisclosureCode.POSTAL_ADDRESS: "our postal address",
    DisclosureCode.SENDER_IDENTITY: "who we are",
    DisclosureCode.AD_IDENTIFICATION: "that it is an advertisement",
}


def _when(w: Window) -> str:
    return f"{w.start.format('ddd D MMM HH:mm')} ({w.start.timezone_name})"
