"""
The policy engine's vocabulary.

The policy engine's vocabulary: the prepared request rules read, the outcomes they
return, the rule protocol, jurisdiction packs and the policy that holds them.
"""

from __future__ import annotations

import datetime as dt
import importlib
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Protocol, SupportsIndex, TypeVar, runtime_checkable

import attrs
import pendulum

from .._channels import Channel
from .._consent import ConsentGrant, ConsentLedger, Purpose
from .._contacts import Contact, Jurisdiction
from .._facts import Fact
from .._history import HistoryIndex, index_history
from .._interactions import Interaction
from .._levels import Level
from .._message import Message, MessagePurpose
from .._suppression import Suppression
from .._validators import enum_set
from ._fast import GrantInfo, grant_info
from ._outcomes import Cap, Defer, Deny, Disclose, Note, Outcome, Permit, Withhold

if TYPE_CHECKING:
    from ._policy import Policy  # noqa: TC004 - a cycle: Policy imports this module

__all__ = [
    "Cap",
    "Defer",
    "Deny",
    "Disclose",
    "FunctionRule",
    "Note",
    "Outcome",
    "Pack",
    "Permit",
    "Request",
    "Rule",
    "Tag",
    "Withhold",
    "rule",
    "shared",
]

_T = TypeVar("_T")


# -- the prepared request ----------------------------------------------------------------


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Request:
    """
    Everything a rule may read about one decision: a prepared contact and one message.

    Rules read it and never mutate it.  It holds personal data, so it has no useful
    ``repr``: never log it.

    Attributes:
        contact: The person.
        message: The message asked about.
        ledger: The contact's consent ledger.
        history: This contact's interactions, oldest first: a
            :class:`~personal_touch.rules.HistoryIndex`, whose queries (the latest event of
            some kinds, counts and interactions in a window) read only what they need.
            Read it through :attr:`history_index`.
        at: The instant asked about.
        local: *at* on the contact's calendar (``contact.calendar_zone``: UTC when the
            contact has no zone), for local dates; rules on the wall clock read
            *local_times*.
        local_times: *at* on the wall clock of every zone the contact may be in
            (``contact.zones``, one per distinct UTC offset at *at*); empty when neither
            zone nor jurisdiction is known.  Timing rules must hold at each of them.
        jurisdiction: The contact's jurisdiction; ``None`` when unknown.
        facts: The latest fact per key that is valid at *at*.
        policy: The policy deciding (rule parameters live there).
        in_force: The contact's grants that are in force at *at*.
        pack_ids: Ids of the jurisdiction packs that apply, in policy order.
        timestamp: *at* in epoch seconds, for fast comparisons.
        history_stamps: Each history entry's instant in epoch seconds.
        personalization_bases: Lawful bases (by value) the applicable packs accept for
            personalization grants besides consent, with the highest level each allows;
            empty when the jurisdiction is unknown.
        suppressions: The suppression-list entries naming this contact (by id or by one
            of its contact points), whatever their channel, purposes and start.

    .. versionadded:: 0.1.0
    """

    contact: Contact
    message: Message
    ledger: ConsentLedger
    history: tuple[Interaction, ...] = attrs.field(converter=index_history)
    at: pendulum.DateTime
    local: dt.datetime
    jurisdiction: Jurisdiction | None
    facts: Mapping[str, Fact]
    policy: Policy
    in_force: tuple[ConsentGrant, ...] = ()
    local_times: tuple[pendulum.DateTime, ...] = attrs.field(
        default=attrs.Factory(
            lambda self: tuple(self.at.in_timezone(z) for z in self.contact.zones),
            takes_self=True,
        )
    )
    pack_ids: tuple[str, ...] = ()
    personalization_bases: Mapping[str, Level] = attrs.field(factory=dict)
    suppressions: tuple[Suppression, ...] = ()
    timestamp: float = attrs.field(
        default=attrs.Factory(lambda self: self.at.timestamp(), takes_self=True)
    )
    history_stamps: tuple[float, ...] = attrs.field(
        default=attrs.Factory(lambda self: self.history_index.stamps, takes_self=True)
    )
    #: Answers the rules share, owned by the snapshot the request was made from (covering
    #: grants by ``(purpose, channel)``, other answers under tagged keys: see :func:`shared`).
    _memo: dict[object, Any] = attrs.field(factory=dict, init=False, repr=False)
    #: The :class:`GrantInfo` of each grant in force (made from :attr:`in_force` if unset).
    _infos: tuple[GrantInfo, ...] | None = attrs.field(default=None, init=False, repr=False)

    def __repr__(self) -> str:
        return f"Request(contact={self.contact.id!r}, at={self.at.isoformat()!r})"

    def grants_for(self, purpose: str, channel: Channel | None = None) -> tuple[ConsentGrant, ...]:
        """
        The grants in force at :attr:`at` that cover *purpose* on *channel* (memoised).

        Raises:
            UnknownPurposeError: *purpose* is not in the vocabulary of
                :class:`~personal_touch.Purpose` (a custom rule's typo fails loudly).
        """
        key = (purpose, channel)
        found: tuple[ConsentGrant, ...] | None = self._memo.get(key)
        if found is None:
            Purpose.parse(purpose)
            infos = self._infos
            if infos is None:
                infos = tuple(map(grant_info, self.in_force))
                object.__setattr__(self, "_infos", infos)
            found = _grants_for(infos, purpose, channel)
            self._memo[key] = found
        return found

    @property
    def history_index(self) -> HistoryIndex:
        """
        The contact's history indexed for the questions rules ask of it.

        .. versionadded:: 0.2.0
        """
        history = self.history
        return history if type(history) is HistoryIndex else index_history(history)

    def has_pack(self, pack_id: str) -> bool:
        """
        Whether the pack *pack_id* applies to this request.
        """
        return pack_id in self.pack_ids


def _grants_for(
    infos: tuple[GrantInfo, ...], purpose: str, channel: Channel | None
) -> tuple[ConsentGrant, ...]:
    return tuple(
        info[0]
        for info in infos
        if (purpose == info[1] or purpose.startswith(info[2]))
        and (channel is None or not info[3] or channel in info[3])
    )


class Tag:
    """
    The first item of a :func:`shared` key: names an answer, never equal to a purpose.
    """

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"Tag({self.name!r})"


def shared(request: Request, key: tuple[Tag, *tuple[object, ...]], build: Callable[[], _T]) -> _T:
    """
    ``build()``, remembered by the snapshot *request* was made from under *key*.

    For answers every rule of a decision (and every message decided against one prepared
    contact) would otherwise compute again: *key* starts with a :class:`Tag` naming the
    answer and holds what it depends on beyond the snapshot's own inputs (the facts valid
    and the grants in force, which a snapshot shares only with snapshots where they hold).
    The memo goes with the snapshot.
    """
    memo = request._memo
    found: _T | None = memo.get(key)
    if found is None:
        found = memo[key] = build()
    return found


# -- rules -------------------------------------------------------------------------------


@runtime_checkable
class Rule(Protocol):
    """
    A policy rule: an id and a callable from a :class:`Request` to outcomes.

    A rule is pure: no I/O, no clock, no logging.  It returns an empty iterable when it
    does not apply.  Messages in its outcomes never contain personal data.

    A rule may also have ``channels`` and ``purposes`` attributes (frozensets of
    :class:`~personal_touch.Channel` and :class:`~personal_touch.MessagePurpose`, or
    ``None`` for any): the engine then asks it only about messages on those channels and for
    those purposes.  A rule without them is asked about every message.

    .. versionadded:: 0.1.0
    """

    @property
    def id(self) -> str:
        """
        A stable id, e.g. ``"consent"`` or ``"EU-GDPR-ART21-01"``.
        """

    def __call__(self, request: Request, /) -> Iterable[Outcome]:
        """
        The outcomes of this rule for *request*.
        """


def _optional_channels(values: Iterable[Channel | str] | None) -> frozenset[Channel] | None:
    return None if values is None else enum_set(Channel, values, "channels")


def _optional_purposes(
    values: Iterable[MessagePurpose | str] | None,
) -> frozenset[MessagePurpose] | None:
    return None if values is None else enum_set(MessagePurpose, values, "purposes")


@attrs.frozen
class FunctionRule:
    """
    A rule made from a plain function by :func:`rule`.

    .. versionadded:: 0.1.0
    """

    id: str
    fn: Callable[[Request], Iterable[Outcome]] = attrs.field(eq=False)
    doc: str | None = attrs.field(default=None, eq=False)
    #: The only channels it acts on (``None``: any).
    channels: frozenset[Channel] | None = attrs.field(
        default=None, kw_only=True, converter=_optional_channels
    )
    #: The only message purposes it acts on (``None``: any).
    purposes: frozenset[MessagePurpose] | None = attrs.field(
        default=None, kw_only=True, converter=_optional_purposes
    )

    def __call__(self, request: Request, /) -> Iterable[Outcome]:
        return self.fn(request)

    def __reduce_ex__(self, protocol: SupportsIndex, /) -> str | tuple[object, ...]:
        # ``@rule`` puts the rule under its function's name, so pickle can't find the function
        # by that name: a rule that its module holds there pickles as a reference to it.
        # (Not from ``__main__``, which a worker process does not share: cloudpickle sends such
        # rules by value.)
        module, name = getattr(self.fn, "__module__", ""), getattr(self.fn, "__qualname__", "")
        if (
            module != "__main__"
            and module in sys.modules
            and _module_attribute(module, name) is self
        ):
            return (_module_attribute, (module, name))
        return super().__reduce_ex__(protocol)


def _module_attribute(module: str, qualname: str) -> object:
    """What *module* (imported if need be, as on unpickling) holds under *qualname*."""
    found: object = importlib.import_module(module)
    for part in qualname.split("."):
        found = getattr(found, part, None)
    return found


def rule(
    rule_id: str,
    *,
    channels: Iterable[Channel | str] | None = None,
    purposes: Iterable[MessagePurpose | str] | None = None,
) -> Callable[[Callable[[Request], Iterable[Outcome]]], FunctionRule]:
    """
    Turn a function of a :class:`Request` into a :class:`Rule` with id *rule_id*.

    With *channels* or *purposes*, the engine asks the rule only about messages on those
    channels and for those purposes.

    >>> @rule("no-sms-on-sundays", channels=["sms"])
    ... def no_sms_on_sundays(request):
    ...     return ()
    >>> no_sms_on_sundays.id, sorted(no_sms_on_sundays.channels)
    ('no-sms-on-sundays', [<Channel.SMS: 'sms'>])

    .. versionadded:: 0.1.0
    """

    def wrap(fn: Callable[[Request], Iterable[Outcome]]) -> FunctionRule:
        return FunctionRule(rule_id, fn, fn.__doc__, channels=channels, purposes=purposes)

    return wrap


# -- packs -------------------------------------------------------------------------------


def _rule_tuple(values: Iterable[Rule]) -> tuple[Rule, ...]:
    return tuple(values)


def _strs(values: Iterable[str]) -> frozenset[str]:
    return frozenset(values)


def _levels(values: Mapping[str, Level | str]) -> Mapping[str, Level]:
    return {str(k): Level(v) for k, v in dict(values).items()}


@attrs.frozen(kw_only=True)
class Pack:
    """
    The law of one jurisdiction as rules and data.

    Args:
        id: ``"EU-GDPR"``, ``"UK"``, ``"CA-CASL"``, ``"US"``, ``"US-FL"`` ...
        name: A readable name.
        countries: ISO 3166-1 alpha-2 codes it applies to.
        subdivisions: ISO 3166-2 codes (``"US-FL"``) it is limited to; empty means the
            whole countries.
        rules: Its rules, in order.
        version: Its version, part of the decision's policy version.
        personalization_bases: Lawful bases (by value) this law accepts for
            personalization grants besides consent, each with the highest level it may
            reach, e.g. ``{"legitimate_interest": Level.CONTEXTUAL}`` for the EU and UK.

    .. versionadded:: 0.1.0
    """

    id: str
    name: str
    countries: frozenset[str] = attrs.field(converter=_strs)
    subdivisions: frozenset[str] = attrs.field(default=frozenset(), converter=_strs)
    rules: tuple[Rule, ...] = attrs.field(default=(), converter=_rule_tuple)
    version: str = "1"
    personalization_bases: Mapping[str, Level] = attrs.field(
        factory=dict, converter=_levels, eq=False, hash=False
    )

    def applies_to(self, jurisdiction: Jurisdiction | None) -> bool:
        """
        Whether the pack applies to *jurisdiction*; an unknown one (``None``) gets every pack.
        """
        if jurisdiction is None:
            return True
        if jurisdiction.country not in self.countries:
            return False
        if not self.subdivisions:
            return True
        return str(jurisdiction) in self.subdivisions
