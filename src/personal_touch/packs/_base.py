"""
Building blocks of the jurisdiction packs.

The building blocks of the jurisdiction packs: a legal rule (id, statement, citation, parameters as
data, and a small check), and factories for the shapes the law keeps repeating (consent required on
a channel, calling hours, call caps, do-not-call registries, minors, special categories, implied-
consent windows).

Every factory takes its numbers, windows, ages and citation as arguments; the pack modules
hold those as data, and the documentation table is generated from the same objects.
"""

from __future__ import annotations

import datetime as dt
import operator
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs
import pendulum

from .._channels import Channel
from .._consent import ConsentGrant, LawfulBasis, Purpose
from .._decision import Disclosure, DisclosureCode
from .._facts import Sensitivity
from .._interactions import Interaction, InteractionKind
from .._message import MessagePurpose
from ..rules import (
    Cap,
    Defer,
    Deny,
    Disclose,
    Note,
    Outcome,
    Permit,
    Request,
    Withhold,
)

if TYPE_CHECKING:
    from .._facts import Fact
    from .._levels import Level
    from .._message import ContentFlags
    from ._calendar import CallingWindow, RelationshipWindow

#: Purposes the packs treat as direct marketing: offers, fundraising, and requests for
#: consent (a consent request is itself a commercial electronic message under CASL, and the
#: ICO treats consent-seeking e-mails as marketing).
MARKETING = frozenset(
    {MessagePurpose.MARKETING, MessagePurpose.FUNDRAISING, MessagePurpose.CONSENT_REQUEST}
)
#: Bases where the person (or their guardian) actively opted in.
EXPRESS = frozenset(
    {
        LawfulBasis.CONSENT,
        LawfulBasis.EXPLICIT_CONSENT,
        LawfulBasis.PRIOR_EXPRESS_WRITTEN_CONSENT,
        LawfulBasis.PARENTAL_CONSENT,
    }
)
#: Channels ePrivacy, PECR, CASL and the Spam Act call "electronic mail" or "electronic
#: messages" (push notifications included by engine convention).
ELECTRONIC = frozenset({Channel.EMAIL, Channel.SMS, Channel.PUSH, Channel.SOCIAL, Channel.CHAT})
#: Calls and texts: what telemarketing laws (TCPA, FTSA, OTSA...) count.
CALLS_AND_TEXTS = frozenset({Channel.PHONE, Channel.SMS})
CALLS = frozenset({Channel.PHONE})
#: A parent's or guardian's consent, as a basis set.
PARENTAL = frozenset({LawfulBasis.PARENTAL_CONSENT})

_PURPOSE_KEYS = {
    MessagePurpose.MARKETING: Purpose.MARKETING,
    MessagePurpose.CONSENT_REQUEST: Purpose.MARKETING,
    MessagePurpose.FUNDRAISING: Purpose.FUNDRAISING,
    MessagePurpose.RELATIONSHIP: Purpose.RELATIONSHIP,
    MessagePurpose.SURVEY: Purpose.RELATIONSHIP,
}


def purpose_key(purpose: MessagePurpose) -> str | None:
    """
    The grant purpose a message purpose needs (``None`` for transactional messages).

    .. versionadded:: 0.1.0
    """
    return _PURPOSE_KEYS.get(purpose)


Check = Callable[["LegalRule", Request], Iterable[Outcome]]


def _params(
    value: Mapping[str, object] | Iterable[tuple[str, object]],
) -> tuple[tuple[str, object], ...]:
    # A mapping from the factories; already pairs when a rule is copied (attrs.evolve).
    return tuple(value.items() if isinstance(value, Mapping) else value)


@attrs.frozen(kw_only=True)
class LegalRule:
    """
    One rule of law.

    One rule of law: a stable id, a plain statement, its citation, its parameters as data and a
    small check that turns a request into outcomes.

    Satisfies the engine's :class:`~personal_touch.rules.Rule` protocol.

    Args:
        id: ``"EU-GDPR-ART21-01"``.
        statement: What the rule says, in one sentence.
        citation: The law it rests on.
        params: Its parameters (windows, ages, caps, dates), as shown in the docs table.
        confidence: ``"S"`` sourced, ``"I"`` sourced law read into a testable convention,
            ``"V"`` to be verified (see the research notes).
        check: ``check(rule, request)`` returns the outcomes.
        channels: The only channels it can act on (``None``: any); the engine skips the
            rule for other channels.
        purposes: The only message purposes it can act on (``None``: any).

    .. versionadded:: 0.1.0
    """

    id: str
    statement: str
    citation: str
    params: tuple[tuple[str, object], ...] = attrs.field(default=(), converter=_params)
    confidence: str = "S"
    check: Check = attrs.field(eq=False, repr=False)
    channels: frozenset[Channel] | None = None
    purposes: frozenset[MessagePurpose] | None = None

    def __call__(self, request: Request, /) -> Iterable[Outcome]:
        return self.check(self, request)

    def param(self, name: str) -> object:
        """
        The parameter called *name*.

        Raises:
            KeyError: The rule has no such parameter.
        """
        for key, value in self.params:
            if key == name:
                return value
        raise KeyError(name)

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


# -- request helpers -------------------------------------------------------------------


def local_now(request: Request) -> pendulum.DateTime:
    """
    The request's instant on the contact's wall clock, as a pendulum datetime.

    .. versionadded:: 0.1.0
    """
    local = request.local
    if isinstance(local, pendulum.DateTime) and isinstance(local.tzinfo, pendulum.Timezone):
        return local
    return request.contact.local(request.at)


def local_day(request: Request) -> dt.date:
    """
    The request's date on the contact's calendar.

    .. versionadded:: 0.1.0
    """
    return request.local.date()


def age(request: Request) -> int | None:
    """
    The contact's age on their local date, or ``None`` without a birth date.

    .. versionadded:: 0.1.0
    """
    return request.contact.age_on(local_day(request))


def event_day(request: Request, instant: pendulum.DateTime) -> dt.date:
    """
    The date of *instant* on the contact's calendar (a purchase, an inquiry).

    .. versionadded:: 0.1.0
    """
    return instant.in_timezone(request.contact.tz).date()


#: Memo caches of the pack helpers, bounded like the engine's (a big heap slows the GC).
_MEMO_MAX = 512
_BY_BASIS: dict[
    tuple[int, int],
    tuple[tuple[ConsentGrant, ...], frozenset[LawfulBasis], tuple[ConsentGrant, ...]],
] = {}


def grants(
    request: Request,
    bases: Iterable[LawfulBasis],
    *,
    purpose: str | None = None,
    channel: Channel | None = None,
) -> tuple[ConsentGrant, ...]:
    """
    Grants in force with a basis in *bases* covering the message (or *purpose*/*channel*).

    Grants in force at the request's instant with a basis in *bases* that cover *purpose* (default:
    the message's purpose) on *channel* (default: the message's channel).

    .. versionadded:: 0.1.0
    """
    key = purpose if purpose is not None else purpose_key(request.message.purpose)
    if key is None:
        return ()
    wanted = bases if type(bases) is frozenset else frozenset(bases)
    ch = channel if channel is not None else request.message.channel
    covering = request.grants_for(key, ch)
    if not covering:
        return ()
    # The engine memoises grants_for's tuples; filter each (tuple, bases) pair once.
    memo_key = (id(covering), id(wanted))
    hit = _BY_BASIS.get(memo_key)
    if hit is not None and hit[0] is covering and hit[1] is wanted:
        return hit[2]
    found = tuple(g for g in covering if g.basis in wanted)
    if len(_BY_BASIS) >= _MEMO_MAX:
        _BY_BASIS.clear()
    _BY_BASIS[memo_key] = (covering, wanted, found)
    return found


def within_window(request: Request, grant: ConsentGrant, window: RelationshipWindow) -> bool:
    """
    Whether an implied grant's window still holds on the contact's calendar.

    Whether the request's local date is on or before the last day of *grant*'s implied
    consent window, counted from the grant's relationship event on the contact's calendar.

    .. versionadded:: 0.1.0
    """
    return local_day(request) <= window.last_day(event_day(request, grant.granted_at))


def implied_grants(
    request: Request,
    windows: Mapping[LawfulBasis, RelationshipWindow],
    *,
    purpose: str | None = None,
    channel: Channel | None = None,
) -> tuple[ConsentGrant, ...]:
    """
    Implied grants (bases in *windows*) in force whose window still holds.

    .. versionadded:: 0.1.0
    """
    return tuple(
        g
        for g in grants(request, windows, purpose=purpose, channel=channel)
        if within_window(request, g, windows[g.basis])
    )


def facts_used(request: Request, keys: Iterable[str]) -> tuple[Fact, ...]:
    """
    The valid facts under any of *keys* (exact keys or prefixes).

    .. versionadded:: 0.1.0
    """
    wanted = tuple(keys)
    if not wanted:
        return ()
    return _matching(request.facts.values(), wanted)


def _matching(facts: Iterable[Fact], wanted: tuple[str, ...]) -> tuple[Fact, ...]:
    # *facts* (in their order) whose key is one of *wanted* or lies below one of them.
    exact = frozenset(wanted)
    prefixes = tuple(k + "." for k in wanted)
    return tuple(f for f in facts if f.key in exact or f.key.startswith(prefixes))


_SPECIAL: dict[int, tuple[Mapping[str, Fact], tuple[Fact, ...]]] = {}
_SPECIAL_MAX = _MEMO_MAX
_KINDS: dict[int, tuple[tuple[Interaction, ...], frozenset[InteractionKind]]] = {}
_KIND_VALUE = operator.attrgetter("kind._value_")
#: Seconds a history window is widened by, beyond any zone or clock-change shift.
_SLACK = 7_200.0


def _kinds_in(history: tuple[Interaction, ...]) -> frozenset[InteractionKind]:
    # The kinds present in a (memoised, immutable) history tuple.
    hit = _KINDS.get(id(history))
    if hit is not None and hit[0] is history:
        return hit[1]
    # One pass in C over interned texts (hashing the enum members would run Python code).
    found = frozenset(map(InteractionKind, frozenset(map(_KIND_VALUE, history))))
    if len(_KINDS) >= _MEMO_MAX:
        _KINDS.clear()
    _KINDS[id(history)] = (history, found)
    return found


def special_facts(request: Request) -> tuple[Fact, ...]:
    """
    The valid facts of a special category (not ordinary), in the request's fact order.

    Memoised by the identity of the engine's (read-only) fact mapping, which the engine
    itself reuses while the contact's facts stay valid.

    .. versionadded:: 0.1.0
    """
    facts = request.facts
    if type(facts) is not MappingProxyType:
        return tuple(f for f in facts.values() if f.sensitivity is not Sensitivity.ORDINARY)
    hit = _SPECIAL.get(id(facts))
    if hit is not None and hit[0] is facts:
        return hit[1]
    found = tuple(f for f in facts.values() if f.sensitivity is not Sensitivity.ORDINARY)
    if len(_SPECIAL) >= _SPECIAL_MAX:
        _SPECIAL.clear()
    _SPECIAL[id(facts)] = (facts, found)
    return found


def last_event(
    request: Request,
    kinds: frozenset[InteractionKind],
    channels: frozenset[Channel] | None = None,
) -> Interaction | None:
    """
    The latest matching interaction up to the request's instant.

    The latest interaction up to the request's instant of one of *kinds*, on *channels*
    (an interaction without a channel counts for every channel).

    .. versionadded:: 0.1.0
    """
    history = request.history
    if kinds.isdisjoint(_kinds_in(history)):
        return None
    stamps = request.history_stamps
    if len(stamps) != len(history):  # a hand-made request: compare the instants themselves
        stamps = tuple(i.at.timestamp() for i in history)
    t = request.timestamp
    # Epoch seconds order instants as the aware datetimes do, without zone arithmetic; the
    # history is oldest first, so the latest match is the first one back from the instant.
    for i in reversed(history[: bisect_right(stamps, t)]):
        if i.kind in kinds and (channels is None or i.channel is None or i.channel in channels):
            return i
    return None


def _names(values: Iterable[object]) -> str:
    return ", ".join(sorted(str(getattr(v, "value", v)) for v in values))


def _add_span(
    params: dict[str, object],
    start: dt.date | None,
    end: dt.date | None,
    exempt_name: str | None,
) -> None:
    """
    Add a rule's dates in force and its named exemption to its documented parameters.
    """
    if start is not None:
        params["from"] = start.isoformat()
    if end is not None:
        params["until"] = end.isoformat()
    if exempt_name:
        params["exempt"] = exempt_name


def applies(
    request: Request, channels: frozenset[Channel], purposes: frozenset[MessagePurpose]
) -> bool:
    """
    Whether the message's channel and purpose are among *channels* and *purposes*.

    .. versionadded:: 0.1.0
    """
    m = request.message
    return m.channel in channels and m.purpose in purposes


def in_force_on(request: Request, start: dt.date | None, end: dt.date | None) -> bool:
    """
    Whether the request's local date lies in ``[start, end]`` (open bounds are ``None``).

    .. versionadded:: 0.1.0
    """
    if start is None and end is None:
        return True
    day = local_day(request)
    return (start is None or day >= start) and (end is None or day <= end)


# -- factories -------------------------------------------------------------------------


def consent_required(
    rule_id: str,
    *,
    statement: str,
    citation: str,
    channels: frozenset[Channel],
    purposes: frozenset[MessagePurpose] = MARKETING,
    bases: frozenset[LawfulBasis] = EXPRESS,
    alternatives: Callable[[Request], tuple[ConsentGrant, ...]] | None = None,
    alternative_name: str | None = None,
    authorship: frozenset[str] | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    exempt_if: Callable[[Request], bool] | None = None,
    exempt_name: str | None = None,
    confidence: str = "S",
    code: str = "prior_consent_required",
    hint: str = "record the person's consent for this purpose and channel",
) -> LegalRule:
    """
    Deny a message the law lets through only with consent.

    Deny a message on *channels* for *purposes* unless a grant with a basis in *bases*
    covers it (or *alternatives* finds grants that do, e.g. a soft opt-in).

    .. versionadded:: 0.1.0
    """

    def check(rule: LegalRule, request: Request) -> Iterable[Outcome]:
        if not applies(request, channels, purposes):
            return ()
        if authorship is not None and request.message.authorship.value not in authorship:
            return ()
        if not in_force_on(request, start, end):
            return ()
        if exempt_if is not None and exempt_if(request):
            return ()
        if grants(request, bases):
            return ()
        if alternatives is not None and alternatives(request):
            return ()
        return (
            rule.deny(
                code,
                f"{request.message.purpose.value} by {request.message.channel.value} needs "
                "a basis this law accepts, and none is in force",
                hint,
            ),
        )

    params: dict[str, object] = {
        "channels": _names(channels),
        "purposes": _names(purposes),
        "accepted bases": _names(bases),
    }
    if alternative_name:
        params["also accepted"] = alternative_name
    if authorship is not None:
        params["authorship"] = _names(authorship)
    _add_span(params, start, end, exempt_name)
    return LegalRule(
        channels=channels,
        purposes=purposes,
        id=rule_id,
        statement=statement,
        citation=citation,
        params=params,
        confidence=confidence,
        check=check,
    )


def calling_hours(
    rule_id: str,
    *,
    statement: str,
    citation: str,
    window: CallingWindow,
    channels: frozenset[Channel] = CALLS_AND_TEXTS,
    purposes: frozenset[MessagePurpose] = MARKETING,
    confidence: str = "S",
) -> LegalRule:
    """
    Defer calls and texts outside a legal calling window.

    Defer a call or text outside *window* (recipient's wall clock) to the next instant the
    window is open.

    .. versionadded:: 0.1.0
    """

    def check(rule: LegalRule, request: Request) -> Iterable[Outcome]:
        if not applies(request, channels, purposes):
            return ()
        times = request.local_times
        if not times:  # a jurisdiction without zones in the data: no guess
            return (
                rule.deny(
                    "unknown_time_zone",
                    "the contact's time zone is unknown, so the legal calling window "
                    "cannot be respected",
                    hint="set Contact.timezone",
                ),
            )
        latest: pendulum.DateTime | None = None
        for local in times:
            if not window.allows(local):
                opens = window.next_open(local)
                if latest is None or opens > latest:
                    latest = opens
        if latest is None:
            return ()
        own = request.contact.timezone is not None
        return (
            rule.defer(
                "outside_permitted_hours",
                f"outside the legal calling window ({window}) in the contact's time zone"
                if own
                else f"outside the legal calling window ({window}) in a time zone of the "
                "contact's jurisdiction",
                latest,
                hint=None if own else "set Contact.timezone",
            ),
        )

    return LegalRule(
        channels=channels,
        purposes=purposes,
        id=rule_id,
        statement=statement,
        citation=citation,
        params={
            "window": window,
            "channels": _names(channels),
            "purposes": _names(purposes),
        },
        confidence=confidence,
        check=check,
    )


def _same_subject(i: Interaction, topic: str | None) -> bool:
    return topic is None or i.topic is None or i.topic == topic


_SOLICITATION_KEYS = frozenset(p.value for p in MARKETING)


def call_cap(
    rule_id: str,
    *,
    statement: str,
    citation: str,
    limit: int,
    hours: int | None = None,
    calendar_days: int | None = None,
    channels: frozenset[Channel] = CALLS,
    purposes: frozenset[MessagePurpose] = MARKETING,
    per_subject: bool = False,
    confidence: str = "S",
) -> LegalRule:
    """
    Deny a call once the legal cap for the period is reached.

    Deny a call once *limit* earlier calls (or texts, per *channels*) fall in the rolling period:
    the last *hours* hours, or the last *calendar_days* days of the recipient's calendar (today
    included).  With *per_subject*, only calls on the message's topic count (calls without a
    recorded topic always count, and so does everything when the message has no topic).

    .. versionadded:: 0.1.0
    """
    if (hours is None) == (calendar_days is None):
        raise ValueError("give exactly one of hours or calendar_days")

    def counted(request: Request) -> int:
        topic = request.message.topic if per_subject else None
        first_day = (
            local_day(request) - dt.timedelta(days=calendar_days - 1)
            if calendar_days is not None
            else None
        )
        since = request.at - dt.timedelta(hours=hours) if hours is not None else None
        history = request.history
        if len(request.history_stamps) == len(history):
            # Oldest first: read only a window a little wider than the period (the exact
            # checks below stay), not the whole history.
            stamps, now = request.history_stamps, request.timestamp
            days = hours / 24 if hours is not None else (calendar_days or 0) + 1
            low = now - days * 86_400.0 - _SLACK
            history = history[bisect_left(stamps, low) : bisect_right(stamps, now + _SLACK)]
        n = 0
        for i in history:
            if i.at > request.at:
                break
            if i.kind not in (InteractionKind.CALLED, InteractionKind.SENT):
                continue
            if i.channel not in channels:
                continue
            if i.purpose is not None and i.purpose not in _SOLICITATION_KEYS:
                continue
            if not _same_subject(i, topic):
                continue
            if since is not None and i.at <= since:
                continue
            if first_day is not None and event_day(request, i.at) < first_day:
                continue
            n += 1
        return n

    def check(rule: LegalRule, request: Request) -> Iterable[Outcome]:
        if not applies(request, channels, purposes):
            return ()
        if counted(request) < limit:
            return ()
        return (
            rule.deny(
                "frequency_cap",
                f"the legal cap of {limit} {_names(channels)} contacts per {period} is reached",
                "wait until the earliest counted contact leaves the period",
            ),
        )

    period = f"{hours} hours" if hours is not None else f"{calendar_days} calendar days"
    return LegalRule(
        channels=channels,
        purposes=purposes,
        id=rule_id,
        statement=statement,
        citation=citation,
        params={
            "limit": limit,
            "period": period + (" (recipient's calendar)" if calendar_days else " (rolling)"),
            "channels": _names(channels),
            "per subject": "yes" if per_subject else "no",
        },
        confidence=confidence,
        check=check,
    )


def registry_rule(
    rule_id: str,
    *,
    statement: str,
    citation: str,
    registries: frozenset[str],
    channels: frozenset[Channel] = CALLS,
    purposes: frozenset[MessagePurpose] = MARKETING,
    exempt_bases: frozenset[LawfulBasis] = EXPRESS,
    windows: Mapping[LawfulBasis, RelationshipWindow] | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    exempt_if: Callable[[Request], bool] | None = None,
    exempt_name: str | None = None,
    confidence: str = "S",
) -> LegalRule:
    """
    Deny marketing calls to numbers on a do-not-call registry.

    Deny a marketing call (or text) to a number listed on one of *registries*, unless a
    grant with a basis in *exempt_bases* covers it or an existing relationship (*windows*)
    still exempts it.

    .. versionadded:: 0.1.0
    """
    wins = dict(windows or {})

    def check(rule: LegalRule, request: Request) -> Iterable[Outcome]:
        if not applies(request, channels, purposes):
            return ()
        listed = {r.value for r in request.contact.privacy.dnc_registries} & registries
        if not listed or not in_force_on(request, start, end):
            return ()
        if exempt_if is not None and exempt_if(request):
            return ()
        if grants(request, exempt_bases) or (wins and implied_grants(request, wins)):
            return ()
        return (
            rule.deny(
                "dnc_registry",
                f"the number is listed on {_names(listed)} and no exemption applies",
                "only express consent to marketing calls from you lifts a registry listing",
            ),
        )

    params: dict[str, object] = {
        "registries": _names(registries),
        "channels": _names(channels),
        "exempt bases": _names(exempt_bases),
    }
    for basis, window in wins.items():
        params[f"exempt: {basis.value} within"] = str(window)
    _add_span(params, start, end, exempt_name)
    return LegalRule(
        channels=channels,
        purposes=purposes,
        id=rule_id,
        statement=statement,
        citation=citation,
        params=params,
        confidence=confidence,
        check=check,
    )


def minor_rule(
    rule_id: str,
    *,
    statement: str,
    citation: str,
    threshold: Callable[[Request], int],
    threshold_text: str,
    purposes: frozenset[MessagePurpose] = MARKETING,
    confidence: str = "S",
) -> LegalRule:
    """
    Deny marketing to a minor without parental consent.

    Deny marketing to a contact younger than the threshold (on their local date) unless a
    parental-consent grant covers it (then a note records that it was relied on).

    .. versionadded:: 0.1.0
    """

    def check(rule: LegalRule, request: Request) -> Iterable[Outcome]:
        if request.message.purpose not in purposes or request.contact.birth_date is None:
            return ()
        years = age(request)
        limit = threshold(request)
        if years is None or years >= limit:
            return ()
        if grants(request, PARENTAL):
            return (
                rule.note("parental_consent", f"under {limit}: a parent's consent is in force"),
            )
        return (
            rule.deny(
                "parental_consent_required",
                f"the contact is under {limit} and no parent's consent is in force",
                "record a parental_consent grant for this purpose and channel",
            ),
        )

    params: dict[str, object] = {"age threshold": threshold_text, "purposes": _names(purposes)}
    return LegalRule(
        purposes=purposes,
        id=rule_id,
        statement=statement,
        citation=citation,
        params=params,
        confidence=confidence,
        check=check,
    )


def minor_cap(
    rule_id: str,
    *,
    statement: str,
    citation: str,
    below: int,
    level: Level,
    purposes: frozenset[MessagePurpose] = MARKETING,
    start: dt.date | None = None,
    deny_targeting: bool = False,
    confidence: str = "I",
) -> LegalRule:
    """
    Cap messages to minors, optionally denying targeting.

    Cap messages to a contact younger than *below* at *level*; with *deny_targeting*, deny a message
    whose recipient was selected using any fact (profiling- based advertising).

    .. versionadded:: 0.1.0
    """

    def check(rule: LegalRule, request: Request) -> Iterable[Outcome]:
        if request.contact.birth_date is None or request.message.purpose not in purposes:
            return ()  # no age, no minor
        if not in_force_on(request, start, None):
            return ()
        years = age(request)
        if years is None or years >= below:
            return ()
        if deny_targeting and request.message.targeting_facts:
            return (
                rule.deny(
                    "profiling_based_advertising_banned",
                    f"the contact is under {below}: no advertising targeted by profiling",
                    "send to minors only without targeting facts",
                ),
            )
        return (rule.cap("minor", f"the contact is under {below}", level),)

    params: dict[str, object] = {"below age": below, "cap": level.value}
    if deny_targeting:
        params["targeting facts"] = "denied"
    _add_span(params, start, None, None)
    return LegalRule(
        purposes=purposes,
        id=rule_id,
        statement=statement,
        citation=citation,
        params=params,
        confidence=confidence,
        check=check,
    )


def special_categories(
    rule_id: str,
    *,
    statement: str,
    citation: str,
    categories: frozenset[Sensitivity],
    bases: frozenset[LawfulBasis] = frozenset({LawfulBasis.EXPLICIT_CONSENT}),
    code: str = "explicit_consent_required",
    confidence: str = "S",
) -> LegalRule:
    """
    Withhold special-category content facts and deny targeting by them without consent.

    Withhold a content fact of one of *categories*, and deny a message that selected its
    recipient by one, unless a grant with a basis in *bases* for that category
    (``personalization.sensitive.<category>``) covers the fact.

    .. versionadded:: 0.1.0
    """
    ordinary = Sensitivity.ORDINARY in categories

    def allowed(request: Request, fact: Fact) -> bool:
        purpose = Purpose.sensitive(fact.sensitivity)
        return any(
            g.scope is None or g.scope.covers_fact(fact.key, fact.sensitivity)
            for g in grants(request, bases, purpose=purpose)
        )

    def check(rule: LegalRule, request: Request) -> Iterable[Outcome]:
        m = request.message
        if not m.targeting_facts and not m.content_facts:
            return ()
        # Most contacts hold no fact of these categories: nothing to look up then.
        pool = tuple(request.facts.values()) if ordinary else special_facts(request)
        if not pool:
            return ()
        special = tuple(f for f in pool if f.sensitivity in categories)
        if not special:
            return ()
        out: list[Outcome] = []
        for fact in _matching(special, tuple(m.targeting_facts)):
            if not allowed(request, fact):
                out.append(
                    rule.deny(
                        "targeting_on_sensitive_fact",
                        f"recipient selected by a {fact.sensitivity.value} fact without the "
                        "consent this law requires",
                        f"record {_names(bases)} for {Purpose.sensitive(fact.sensitivity)}",
                    )
                )
        for fact in _matching(special, tuple(m.content_facts)):
            if not allowed(request, fact):
                out.append(
                    rule.withhold(
                        code,
                        f"a {fact.sensitivity.value} fact needs {_names(bases)} for its category",
                        fact.key,
                    )
                )
        return out

    params: dict[str, object] = {
        "categories": _names(categories),
        "accepted bases": _names(bases),
    }
    return LegalRule(
        id=rule_id,
        statement=statement,
        citation=citation,
        params=params,
        confidence=confidence,
        check=check,
    )


def objection_rule(
    rule_id: str,
    *,
    statement: str,
    citation: str,
    purposes: frozenset[MessagePurpose] = MARKETING,
    confidence: str = "S",
) -> LegalRule:
    """
    Deny direct marketing on every channel once the contact has objected to it.

    .. versionadded:: 0.1.0
    """

    def check(rule: LegalRule, request: Request) -> Iterable[Outcome]:
        if request.message.purpose not in purposes:
            return ()
        if not request.contact.privacy.has_objected(request.at):
            return ()
        return (
            rule.deny(
                "objection_direct_marketing",
                "the contact objected to direct marketing; the objection is absolute",
            ),
        )

    return LegalRule(
        purposes=purposes,
        id=rule_id,
        statement=statement,
        citation=citation,
        params={"channels": "all", "purposes": _names(purposes), "balancing": "none"},
        confidence=confidence,
        check=check,
    )


def opt_out_rule(
    rule_id: str,
    *,
    statement: str,
    citation: str,
    channels: frozenset[Channel],
    kinds: frozenset[InteractionKind] = frozenset({InteractionKind.UNSUBSCRIBED}),
    purposes: frozenset[MessagePurpose] = MARKETING,
    blocks: frozenset[Channel] | None = None,
    days: int | None = None,
    regrant_bases: frozenset[LawfulBasis] = EXPRESS,
    statutory_max: str | None = None,
    code: str = "unsubscribed",
    confidence: str = "S",
) -> LegalRule:
    """
    Deny marketing after an opt-out.

    Deny marketing on *blocks* (default: *channels*) after an opt-out (an interaction of *kinds* on
    *channels*) — immediately, whatever the statutory processing maximum — until a new grant is
    given after it, or for *days* calendar days when the law fixes a period.

    .. versionadded:: 0.1.0
    """
    blocked = channels if blocks is None else blocks

    def check(rule: LegalRule, request: Request) -> Iterable[Outcome]:
        if not applies(request, blocked, purposes):
            return ()
        event = last_event(request, kinds, channels)
        if event is None:
            return ()
        if days is not None and local_day(request) >= event_day(request, event.at) + dt.timedelta(
            days=days
        ):
            return ()
        if any(g.granted_at > event.at for g in grants(request, regrant_bases)):
            return ()
        return (
            rule.deny(
                code,
                "the contact opted out"
                + (f" less than {days} days ago" if days is not None else "")
                + "; the opt-out is honoured at once",
                "only a new opt-in given after the opt-out lifts it",
            ),
        )

    params: dict[str, object] = {
        "opt-out events": _names(kinds),
        "on channels": _names(channels),
        "blocks": _names(blocked),
    }
    if days is not None:
        params["blocked for"] = f"{days} calendar days"
    if statutory_max is not None:
        params["statutory maximum"] = f"{statutory_max} (honoured immediately here)"
    return LegalRule(
        channels=blocked,
        purposes=purposes,
        id=rule_id,
        statement=statement,
        citation=citation,
        params=params,
        confidence=confidence,
        check=check,
    )


#: A content requirement: the ContentFlags attribute, the disclosure it maps to (if any),
#: the machine code when it is missing, and its name for messages.
Requirement = tuple[str, DisclosureCode | None, str, str]
#: A content rule's outcomes per combination of present (``True``), missing (``False``) and
#: undeclared (``None``) elements.
Combinations = dict[tuple[bool | None, ...], tuple[Outcome, ...]]

#: The machine code of a denial for a content flag the message did not declare.
CONTENT_UNDECLARED = "content_undeclared"


def undeclared(rule: LegalRule, attr: str, name: str) -> Deny:
    """
    A denial for content flag *attr* (describing *name*) left undeclared.

    .. versionadded:: 0.1.0
    """
    return rule.deny(
        CONTENT_UNDECLARED,
        f"the message does not declare whether it carries {name} (content.{attr})",
        f"declare message.content.{attr}: true once the message carries {name} "
        "(render with a SenderProfile to add it)",
    )


def shares_data(request: Request) -> bool | None:
    """
    Whether the message discloses the recipient's data to third parties.

    ``True`` when ``content.third_party_disclosure`` or ``content.custom_audience`` is,
    ``False`` when both are declared false, ``None`` when that is not known.

    .. versionadded:: 0.1.0
    """
    c = request.message.content
    if c.third_party_disclosure or c.custom_audience:
        return True
    if c.third_party_disclosure is False and c.custom_audience is False:
        return False
    return None


def sharing_undeclared(rule: LegalRule) -> Deny:
    """
    A denial for a message that does not declare whether it shares data with third parties.

    .. versionadded:: 0.1.0
    """
    return rule.deny(
        CONTENT_UNDECLARED,
        "the message does not declare whether it discloses data to third parties "
        "(content.third_party_disclosure, content.custom_audience)",
        "declare message.content.third_party_disclosure and message.content.custom_audience",
    )


def content_rule(
    rule_id: str,
    *,
    statement: str,
    citation: str,
    channels: frozenset[Channel],
    requirements: tuple[Requirement, ...],
    purposes: frozenset[MessagePurpose] = MARKETING,
    disclosure_params: Mapping[str, str] | None = None,
    confidence: str = "S",
) -> LegalRule:
    """
    Require content elements and their disclosures.

    Require content elements: deny a message whose content flags say an element is missing or
    leave it undeclared (``content_undeclared``: nothing is assumed), and require the matching
    disclosures of every message.

    .. versionadded:: 0.1.0
    """
    names = tuple(attr for attr, *_ in requirements)
    present = operator.attrgetter(*names) if len(names) > 1 else None
    # The outcomes are constants of the rule: built once per rule object (an evolved copy
    # gets its own), then one tuple per combination of present/missing/undeclared elements.
    # Returning the same objects every call also lets the engine reuse their reasons.
    built: list[tuple[LegalRule, list[tuple[Deny, Deny, Disclose | None]], Combinations]] = []

    # The last (rule, flags, outcomes): a batch decides one message for many contacts.
    last: list[tuple[LegalRule, ContentFlags, tuple[Outcome, ...]]] = []

    def outcomes(rule: LegalRule, key: tuple[bool | None, ...]) -> tuple[Outcome, ...]:
        if not built or built[0][0] is not rule:
            each = [
                (
                    rule.deny(code, f"the message lacks {name}", f"add {name} to the message"),
                    undeclared(rule, attr, name),
                    None
                    if disclosure is None
                    else rule.disclose(
                        "content_required",
                        f"the message must carry {name}",
                        disclosure,
                        disclosure_params,
                    ),
                )
                for attr, disclosure, code, name in requirements
            ]
            built[:] = [(rule, each, {})]
        _, each, table = built[0]
        hit = table.get(key)
        if hit is None:
            out: list[Outcome] = []
            for (deny, unknown, disclose), ok in zip(each, key, strict=True):
                if ok is None:
                    out.append(unknown)
                elif not ok:
                    out.append(deny)
                if disclose is not None:
                    out.append(disclose)
            table[key] = hit = tuple(out)
        return hit

    def check(rule: LegalRule, request: Request) -> Iterable[Outcome]:
        if not applies(request, channels, purposes):
            return ()
        flags = request.message.content
        seen = last[0] if last else None
        if seen is not None and seen[0] is rule and seen[1] is flags:  # the same message again
            return seen[2]
        if present is not None:
            key: tuple[bool | None, ...] = tuple(present(flags))
        else:
            key = tuple(getattr(flags, attr) for attr in names)
        found = outcomes(rule, key)
        last[:] = [(rule, flags, found)]
        return found

    params: dict[str, object] = {
        "requires": ", ".join(name for *_, name in requirements),
        "channels": _names(channels),
    }
    for k, v in (disclosure_params or {}).items():
        params[k.replace("_", " ")] = v
    return LegalRule(
        channels=channels,
        purposes=purposes,
        id=rule_id,
        statement=statement,
        citation=citation,
        params=params,
        confidence=confidence,
        check=check,
    )


def implied_permit(
    rule_id: str,
    *,
    statement: str,
    citation: str,
    basis: LawfulBasis,
    window: RelationshipWindow,
    channels: frozenset[Channel],
    purposes: frozenset[MessagePurpose] = MARKETING,
    relationship: str,
    confidence: str = "S",
) -> LegalRule:
    """
    Permit a message under an implied consent while its window lasts.

    Permit a message on the strength of an implied consent (a grant of *basis* whose
    ``granted_at`` is the relationship event) while its window lasts; the window is
    computed from the event's date on the recipient's calendar, never taken from the
    caller's ``expires_at``.

    .. versionadded:: 0.1.0
    """

    def check(rule: LegalRule, request: Request) -> Iterable[Outcome]:
        if not applies(request, channels, purposes):
            return ()
        found = grants(request, {basis})
        if not found:
            return ()
        live = tuple(g for g in found if within_window(request, g, window))
        if live:
            last = max(window.last_day(event_day(request, g.granted_at)) for g in live)
            return (
                rule.permit(
                    "implied_consent",
                    f"implied consent from {relationship} holds through {last.isoformat()} "
                    "on the contact's calendar",
                    live,
                ),
            )
        return (
            rule.note(
                "implied_consent_expired",
                f"implied consent from {relationship} lapsed after {window}",
                f"a new {relationship} or express consent would restore it",
            ),
        )

    return LegalRule(
        channels=channels,
        purposes=purposes,
        id=rule_id,
        statement=statement,
        citation=citation,
        params={
            "basis": basis.value,
            "window": f"{window} after the {relationship} (recipient's calendar, last day "
            "included)",
            "channels": _names(channels),
        },
        confidence=confidence,
        check=check,
    )


def basis_permit(
    rule_id: str,
    *,
    statement: str,
    citation: str,
    bases: frozenset[LawfulBasis],
    channels: frozenset[Channel],
    purposes: frozenset[MessagePurpose] = MARKETING,
    cap: Level | None = None,
    authorship: frozenset[str] | None = None,
    code: str = "legitimate_interest",
    confidence: str = "S",
) -> LegalRule:
    """
    Permit a message resting on a basis such as legitimate interest.

    Permit a message on *channels* resting on a grant with a basis in *bases* (legitimate
    interest for post, inferred consent...), optionally capping the level.

    .. versionadded:: 0.1.0
    """

    def check(rule: LegalRule, request: Request) -> Iterable[Outcome]:
        if not applies(request, channels, purposes):
            return ()
        if authorship is not None and request.message.authorship.value not in authorship:
            return ()
        found = grants(request, bases)
        if not found:
            return ()
        out: list[Outcome] = [
            rule.permit(code, f"{_names(bases)} covers this purpose on this channel", found)
        ]
        if cap is not None:
            out.append(rule.cap(code, f"{_names(bases)} supports no more than {cap.value}", cap))
        return out

    params: dict[str, object] = {"bases": _names(bases), "channels": _names(channels)}
    if cap is not None:
        params["cap"] = cap.value
    if authorship is not None:
        params["authorship"] = _names(authorship)
    return LegalRule(
        channels=channels,
        purposes=purposes,
        id=rule_id,
        statement=statement,
        citation=citation,
        params=params,
        confidence=confidence,
        check=check,
    )


def custom(
    rule_id: str,
    *,
    statement: str,
    citation: str,
    check: Check,
    params: Mapping[str, object] | None = None,
    confidence: str = "S",
    channels: frozenset[Channel] | None = None,
    purposes: frozenset[MessagePurpose] | None = None,
) -> LegalRule:
    """
    A rule with its own check (which must return nothing outside *channels*/*purposes*).

    .. versionadded:: 0.1.0
    """
    return LegalRule(
        channels=channels,
        purposes=purposes,
        id=rule_id,
        statement=statement,
        citation=citation,
        params=params or {},
        confidence=confidence,
        check=check,
    )
