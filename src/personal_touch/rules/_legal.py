"""
A rule of law as data: the base every rule shape builds on, with its one shared guard.

A :class:`LegalRule` holds an id, a statement, a citation and its parameters as attrs fields.
It answers only messages inside its guard (channels, purposes, authorship and the dates it is
in force) and leaves the rest to :meth:`LegalRule.check`, which each shape defines.  The
reference table reads the same fields, so it cannot drift from what the rule checks.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import attrs

from .._channels import Channel
from .._consent import LawfulBasis
from .._decision import Disclosure, DisclosureCode
from .._interactions import InteractionKind
from .._levels import Authorship
from .._message import MessagePurpose
from .._policy._model import Cap, Defer, Deny, Disclose, Note, Permit, Rule, Withhold
from .._purposes import MARKETING_PURPOSES
from .._validators import enum_set
from ._requests import in_force_on

if TYPE_CHECKING:
    import pendulum

    from .._consent import ConsentGrant
    from .._levels import Level
    from .._policy._model import Outcome, Request

__all__ = [
    "Alternative",
    "LegalRule",
    "ScopedRule",
    "basis_set",
    "hidden",
    "kind_set",
    "label",
    "marketing_purposes",
    "names",
]

_HIDDEN = "personal_touch.hidden"
_LABEL = "personal_touch.label"


def hidden() -> dict[str, object]:
    """
    Field metadata: a field the reference table does not list (an id, a message code).

    .. versionadded:: 0.2.0
    """
    return {_HIDDEN: True}


def label(text: str) -> dict[str, object]:
    """
    Field metadata: the name the reference table gives a field (default: its name).

    .. versionadded:: 0.2.0
    """
    return {_LABEL: text}


def names(values: Iterable[object]) -> str:
    """
    The values (enum members by value) as sorted, comma-separated text.

    .. versionadded:: 0.2.0
    """
    return ", ".join(sorted(str(getattr(v, "value", v)) for v in values))


def show(value: object) -> str:
    """
    A parameter's value as the reference table prints it.

    .. versionadded:: 0.2.0
    """
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, LegalRule):
        return value.id
    if isinstance(value, Mapping):
        return ", ".join(f"{show(k)} {show(v)}" for k, v in value.items())
    if isinstance(value, frozenset | set):
        return names(value)
    if isinstance(value, tuple) and value and all(isinstance(v, tuple) for v in value):
        return ", ".join(" ".join(show(x) for x in pair) for pair in value)
    if isinstance(value, tuple):
        return ", ".join(show(v) for v in value)
    return str(value)


def optional_channels(values: Iterable[Channel | str] | None) -> frozenset[Channel] | None:
    """
    Convert for attrs: a frozenset of channels, or ``None`` for any channel.
    """
    return None if values is None else enum_set(Channel, values, "channels")


def optional_purposes(
    values: Iterable[MessagePurpose | str] | None,
) -> frozenset[MessagePurpose] | None:
    """
    Convert for attrs: a frozenset of message purposes, or ``None`` for any purpose.
    """
    return None if values is None else enum_set(MessagePurpose, values, "purposes")


def _optional_authorship(
    values: Iterable[Authorship | str] | None,
) -> frozenset[Authorship] | None:
    return None if values is None else enum_set(Authorship, values, "authorship")


def basis_set(values: Iterable[LawfulBasis | str]) -> frozenset[LawfulBasis]:
    """
    Convert for attrs: a frozenset of lawful bases.

    .. versionadded:: 0.2.0
    """
    return enum_set(LawfulBasis, values, "bases")


def kind_set(values: Iterable[InteractionKind | str]) -> frozenset[InteractionKind]:
    """
    Convert for attrs: a frozenset of interaction kinds.

    .. versionadded:: 0.2.0
    """
    return enum_set(InteractionKind, values, "kinds")


def marketing_purposes() -> Any:
    """
    A ``purposes`` field whose default is direct marketing, the guard of most shapes.

    .. versionadded:: 0.2.0
    """
    return attrs.field(default=MARKETING_PURPOSES, converter=optional_purposes)


@runtime_checkable
class ScopedRule(Rule, Protocol):
    """
    A :class:`~personal_touch.rules.Rule` that states the messages it can act on.

    The engine asks a rule with ``channels`` and ``purposes`` (frozensets, or ``None`` for
    any) only about messages on those channels and for those purposes; a rule without
    them hears every message.  Every :class:`LegalRule` and every rule made with
    :func:`~personal_touch.rules.rule` is one.

    .. versionadded:: 0.2.0
    """

    @property
    def channels(self) -> frozenset[Channel] | None:
        """
        The only channels the rule acts on (``None``: any).
        """

    @property
    def purposes(self) -> frozenset[MessagePurpose] | None:
        """
        The only message purposes the rule acts on (``None``: any).
        """


@runtime_checkable
class Alternative(Protocol):
    """
    Another way a consent rule is met: a rule that finds the grants it relies on.

    :class:`~personal_touch.rules.SoftOptIn`, :class:`~personal_touch.rules.ImpliedPermit`
    and :class:`~personal_touch.rules.CharitableSoftOptIn` are alternatives.

    .. versionadded:: 0.2.0
    """

    @property
    def id(self) -> str:
        """
        The rule's id, listed in the reference table of the rule that accepts it.
        """

    def qualifying(self, request: Request, /) -> tuple[ConsentGrant, ...]:
        """
        The grants that meet this alternative for the request's message.
        """


@attrs.frozen(kw_only=True)
class LegalRule:
    """
    One rule of law: an id, a statement, a citation, its parameters as fields, and a check.

    Subclass it to write a rule shape: add the parameters as attrs fields and define
    :meth:`check`; calling the rule applies the shared guard first.  Satisfies the engine's
    :class:`~personal_touch.rules.Rule` protocol, with its optional ``channels`` and
    ``purposes``.

    Args:
        id: ``"EU-GDPR-ART21-01"``.
        statement: What the rule says, in one sentence.
        citation: The law it rests on.
        confidence: ``"S"`` sourced, ``"I"`` sourced law read into a testable convention,
            ``"V"`` to be verified (see the research notes).
        channels: The only channels it acts on (``None``: any).
        purposes: The only message purposes it acts on (``None``: any).
        authorship: The only authorships it acts on (``None``: any).
        start: The first day it is in force, on the contact's calendar (``None``: always).
        end: The last day it is in force (``None``: still in force).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Parameters are fields; the guard is shared; ``check`` is a method.
    """

    id: str = attrs.field(metadata=hidden())
    statement: str = attrs.field(metadata=hidden())
    citation: str = attrs.field(metadata=hidden())
    confidence: str = attrs.field(
        default="S", validator=attrs.validators.in_(("S", "I", "V")), metadata=hidden()
    )
    channels: frozenset[Channel] | None = attrs.field(default=None, converter=optional_channels)
    purposes: frozenset[MessagePurpose] | None = attrs.field(
        default=None, converter=optional_purposes
    )
    authorship: frozenset[Authorship] | None = attrs.field(
        default=None, converter=_optional_authorship
    )
    start: dt.date | None = attrs.field(default=None, metadata=label("from"))
    end: dt.date | None = attrs.field(default=None, metadata=label("until"))

    def applies(self, request: Request, /) -> bool:
        """
        Whether the message is inside the guard: channel, purpose, authorship, dates in force.
        """
        m = request.message
        return (
            (self.channels is None or m.channel in self.channels)
            and (self.purposes is None or m.purpose in self.purposes)
            and (self.authorship is None or m.authorship in self.authorship)
            and in_force_on(request, self.start, self.end)
        )

    def __call__(self, request: Request, /) -> Iterable[Outcome]:
        if not self.applies(request):
            return ()
        return self.check(request)

    def check(self, request: Request, /) -> Iterable[Outcome]:
        """
        The outcomes for a request inside the guard; each shape defines it.
        """
        raise NotImplementedError(type(self).__name__)

    @property
    def params(self) -> tuple[tuple[str, str], ...]:
        """
        The documented parameters, ``(label, value as text)``, read from the fields.
        """
        out: list[tuple[str, str]] = []
        for f in attrs.fields(type(self)):
            value = getattr(self, f.name)
            empty = isinstance(value, tuple | frozenset | str) and not value
            if not f.init or f.metadata.get(_HIDDEN) or value is None or empty:
                continue
            out.append((str(f.metadata.get(_LABEL, f.name.replace("_", " "))), show(value)))
        return tuple(out)

    def param(self, name: str) -> Any:
        """
        The value of the parameter field called *name*.

        Raises:
            KeyError: The rule has no such parameter.
        """
        if name not in attrs.fields_dict(type(self)):
            raise KeyError(name)
        return getattr(self, name)

    # -- outcome builders (carry the rule's id and citation) -----------------------------

    def permit(self, code: str, message: str, grants: Iterable[ConsentGrant] = ()) -> Permit:
        """
        A permission resting on *grants*.
        """
        return Permit(self.id, code, message, tuple(grants), self.citation)

    def deny(self, code: str, message: str, hint: str | None = None) -> Deny:
        """
        A denial.
        """
        return Deny(self.id, code, message, self.citation, hint)

    def defer(
        self, code: str, message: str, not_before: pendulum.DateTime, hint: str | None = None
    ) -> Defer:
        """
        A deferral to *not_before*.
        """
        return Defer(self.id, code, message, not_before, self.citation, hint)

    def cap(self, code: str, message: str, level: Level, hint: str | None = None) -> Cap:
        """
        A level cap.
        """
        return Cap(self.id, code, message, level, self.citation, hint)

    def withhold(self, code: str, message: str, key: str) -> Withhold:
        """
        A content fact that may not be used.
        """
        return Withhold(self.id, code, message, key, self.citation)

    def disclose(
        self,
        code: str,
        message: str,
        disclosure: DisclosureCode,
        params: Mapping[str, str] | None = None,
    ) -> Disclose:
        """
        A required disclosure.
        """
        return Disclose(self.id, code, message, Disclosure(disclosure, params), self.citation)

    def note(self, code: str, message: str, hint: str | None = None) -> Note:
        """
        A note for the reasons.
        """
        return Note(self.id, code, message, self.citation, hint)
