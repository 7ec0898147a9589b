"""
Rule shapes about consent: required, documented, objected to, opted out of.

:class:`ConsentRequired` denies what the law lets through only with an opt-in;
:class:`DocumentedConsent` asks that the opt-in be demonstrable; :class:`Objection` and
:class:`OptOut` honour a person's no.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import attrs

from .._consent import LawfulBasis
from .._interactions import InteractionKind
from .._message import MessagePurpose
from .._purposes import CONSENT_BASES
from .._validators import integer, tuple_of
from ._legal import Alternative, LegalRule, basis_set, hidden, kind_set, label, marketing_purposes
from ._requests import event_day, grants, last_event, local_day

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .._policy._model import Outcome, Request

__all__ = ["ConsentRequired", "DocumentedConsent", "Objection", "OptOut"]


def _alternatives(values: Iterable[Alternative]) -> tuple[Alternative, ...]:
    # A runtime-checkable Protocol: isinstance works, though mypy wants a concrete class.
    return tuple_of(Alternative, values, "also")  # type: ignore[type-abstract]


@attrs.frozen(kw_only=True)
class ConsentRequired(LegalRule):
    """
    Deny a message the law lets through only with consent.

    Deny a message inside the guard unless a grant with a basis in *bases* covers it, or one
    of the *also* rules finds grants that do (a soft opt-in, implied consent).

    Args:
        bases: The bases this law accepts as consent.
        also: Rules whose qualifying grants meet it too.
        unless_in_force: Exempt while a grant of one of these bases is in force, for any
            purpose (an ongoing contract).
        code: The denial's machine code.
        hint: The denial's hint.
        individuals_only: The law protects individual subscribers only: a contact reached
            at an organisation (``company`` set) is outside it.

    .. versionadded:: 0.2.0
    .. versionchanged:: 0.4.0
       ``individuals_only``.
    """

    purposes: frozenset[MessagePurpose] | None = marketing_purposes()
    bases: frozenset[LawfulBasis] = attrs.field(
        default=CONSENT_BASES, converter=basis_set, metadata=label("accepted bases")
    )
    individuals_only: bool = attrs.field(default=False, metadata=hidden())
    also: tuple[Alternative, ...] = attrs.field(
        default=(), converter=_alternatives, metadata=label("also accepted")
    )
    unless_in_force: frozenset[LawfulBasis] = attrs.field(
        default=frozenset(), converter=basis_set, metadata=label("exempt while in force")
    )
    code: str = attrs.field(default="prior_consent_required", metadata=hidden())
    hint: str = attrs.field(
        default="record the person's consent for this purpose and channel", metadata=hidden()
    )

    def check(self, request: Request, /) -> Iterable[Outcome]:
        if self.individuals_only and request.contact.company is not None:
            return ()
        if self.unless_in_force and any(g.basis in self.unless_in_force for g in request.in_force):
            return ()
        if grants(request, self.bases):
            return ()
        if any(alt.qualifying(request) for alt in self.also):
            return ()
        m = request.message
        return (
            self.deny(
                self.code,
                f"{m.purpose._value_} by {m.channel._value_} needs a basis this law accepts, and "
                "none is in force",
                self.hint,
            ),
        )


@attrs.frozen(kw_only=True)
class ProofRetention:
    """
    How long a law says the proof of a consent must be kept.

    *years* counted from when the consent ended (withdrawn or lapsed) and, with
    *after_use*, from each use of it as well (the latest use counts).  Its text is the
    reference table's: ``5 years from grant and after each use``.

    .. versionadded:: 0.3.0
    """

    years: int = attrs.field(validator=integer("years", low=1))
    after_use: bool = False

    def __str__(self) -> str:
        unit = "year" if self.years == 1 else "years"
        return f"{self.years} {unit} from grant" + (" and after each use" if self.after_use else "")


@attrs.frozen(kw_only=True)
class DocumentedConsent(LegalRule):
    """
    Deny when consent is in force but none of it was documented (evidence) when given.

    .. versionadded:: 0.2.0
    """

    purposes: frozenset[MessagePurpose] | None = marketing_purposes()
    bases: frozenset[LawfulBasis] = attrs.field(default=CONSENT_BASES, converter=basis_set)
    retention: ProofRetention | str = ""

    def check(self, request: Request, /) -> Iterable[Outcome]:
        found = grants(request, self.bases)
        if not found or any(g.evidence is not None for g in found):
            return ()
        return (
            self.deny(
                "consent_not_demonstrable",
                "consent to marketing calls must be documented when given",
                "record Evidence with the phone consent and keep it five years after each use",
            ),
        )


@attrs.frozen(kw_only=True)
class Objection(LegalRule):
    """
    Deny direct marketing on every channel once the contact has objected to it.

    .. versionadded:: 0.2.0
    """

    purposes: frozenset[MessagePurpose] | None = marketing_purposes()

    def check(self, request: Request, /) -> Iterable[Outcome]:
        if not request.contact.privacy.has_objected(request.at):
            return ()
        return (
            self.deny(
                "objection_direct_marketing",
                "the contact objected to direct marketing; the objection is absolute",
            ),
        )


@attrs.frozen(kw_only=True)
class OptOut(LegalRule):
    """
    Deny marketing after an opt-out on the guarded channels.

    Deny after an opt-out (an interaction of *kinds* on the guarded channels whose scope, if
    it has one, covers the message: :meth:`~personal_touch.Interaction.within_scope`), at once,
    whatever the statutory processing maximum, until a new grant with a basis in
    *regrant_bases* is given after it, or for *days* calendar days when the law fixes a period.

    .. versionadded:: 0.2.0
    """

    purposes: frozenset[MessagePurpose] | None = marketing_purposes()
    kinds: frozenset[InteractionKind] = attrs.field(
        default=frozenset({InteractionKind.UNSUBSCRIBED}),
        converter=kind_set,
        metadata=label("opt-out events"),
    )
    days: int | None = attrs.field(default=None, metadata=label("blocked for days"))
    regrant_bases: frozenset[LawfulBasis] = attrs.field(
        default=CONSENT_BASES, converter=basis_set, metadata=label("lifted by")
    )
    statutory_max: str | None = attrs.field(
        default=None, metadata=label("statutory maximum (honoured at once here)")
    )
    code: str = attrs.field(default="unsubscribed", metadata=hidden())

    def check(self, request: Request, /) -> Iterable[Outcome]:
        event = last_event(request, self.kinds, self.channels, scoped=True)
        if event is None:
            return ()
        days = self.days
        if days is not None and local_day(request) >= event_day(request, event.at) + dt.timedelta(
            days=days
        ):
            return ()
        if any(g.granted_at > event.at for g in grants(request, self.regrant_bases)):
            return ()
        return (
            self.deny(
                self.code,
                "the contact opted out"
                + (f" less than {days} days ago" if days is not None else "")
                + "; the opt-out is honoured at once",
                "only a new opt-in given after the opt-out lifts it",
            ),
        )
