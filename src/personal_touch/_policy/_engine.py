"""
Preparing a request, running the rules and combining their outcomes into a decision.

The combining algorithm (one function, :func:`combine`):

1. Any :class:`Deny` wins: the verdict is DENY, the level GENERIC, no fact usable.
2. Otherwise, without an applicable :class:`Permit` a non-transactional message is denied
   (fail closed).  Pack permits apply only when the contact's jurisdiction is known.
3. Otherwise any :class:`Defer` makes the verdict DEFER with the latest ``not_before``;
   the engine then asks every rule again at that instant and moves on to any later
   ``not_before`` until no rule defers, so the instant satisfies every window at once.
4. The level is the minimum of the requested level and every :class:`Cap`.
5. Content facts: each content key exposes the fact valid under it and every valid fact
   below it (:func:`~personal_touch.rules.exposed_facts`), each judged on its own.  Each
   :class:`Withhold` removes a fact (and everything below its key); so does needing a
   higher level than granted (see :func:`~personal_touch.rules.fact_level`), and an
   inferred special-category fact is never approved.  What remains is approved as exact
   instances (:class:`~personal_touch.ApprovedFact`).  When facts were withheld, the level
   drops to what the approved facts support (at least the requested level up to
   CUSTOMIZED: a name needs no fact).  INDIVIDUAL messages are written by a person and
   keep their level.
6. Disclosures are kept when their conditions hold for the final level and facts.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import hashlib
import itertools
import operator
import zoneinfo
from collections.abc import Callable, Iterable
from collections.abc import Mapping as Mapping_
from itertools import repeat
from types import MappingProxyType
from typing import TYPE_CHECKING, cast

import attrs
import pendulum

from .._consent import ConsentGrant, ConsentLedger
from .._consent import GrantScope as Scope
from .._contacts import Jurisdiction
from .._decision import (
    ApprovedFact,
    Decision,
    Disclosure,
    Effect,
    GrantRef,
    Reason,
    Verdict,
    WithheldFact,
)
from .._facts import Provenance, Sensitivity, fact_digest, facts_digest
from .._levels import Level
from .._message import Message, MessagePurpose
from .._suppression import Suppression, SuppressionList
from .._time import MAX_INSTANT, MAX_STAMP, aware, in_range, timezone
from ..exceptions import DecisionDeniedError, InvalidFieldError, PersonalTouchError
from ..packs import all_packs
from ._fast import fact_stamps, grant_info, interaction_stamp, message_keys, stamp
from ._model import (
    Cap,
    Defer,
    Deny,
    Disclose,
    FunctionRule,
    Note,
    Outcome,
    Pack,
    Permit,
    Request,
    Rule,
    Withhold,
)
from ._policy import Policy
from ._rules import CORE_RULES, PURPOSE_KEYS, RANK, exposed_facts, fact_level, lapse

if TYPE_CHECKING:
    from collections.abc import Mapping

    from .._contacts import Contact
    from .._facts import Fact
    from .._interactions import Interaction

__all__ = [
    "DecisionDeniedError",
    "combine",
    "decide",
    "default_policy",
    "enforce",
    "prepare",
]

#: How many times the engine re-asks the rules at a later instant before giving up.
MAX_DEFER_ROUNDS = 16


def enforce(decision: Decision) -> Decision:
    """
    Return *decision* if it allows sending; raise :class:`DecisionDeniedError` otherwise.

    For callers who prefer exceptions to testing ``decision.verdict``.

    .. versionadded:: 0.1.0
    """
    if decision.verdict is not Verdict.ALLOW:
        raise DecisionDeniedError(decision)
    return decision


_new = object.__new__
_set = object.__setattr__


# -- compilation per jurisdiction --------------------------------------------------------


@attrs.frozen(eq=False)
class _Compiled:
    packs: tuple[Pack, ...]
    rules: tuple[tuple[Rule, bool], ...]  # (rule, is a pack rule)
    pack_ids: tuple[str, ...]
    personalization_bases: dict[str, Level]
    known: bool
    digest: str
    calls: tuple[tuple[Callable[[Request], Iterable[Outcome]], bool], ...]


def _wanted(rule: Rule, message: Message) -> bool:
    # The optional members of the Rule protocol: a rule without them hears every message.
    channels = getattr(rule, "channels", None)
    if channels is not None and message.channel not in channels:
        return False
    purposes = getattr(rule, "purposes", None)
    return purposes is None or message.purpose in purposes


def _compile(policy: Policy, jurisdiction_key: str | None, message: Message) -> _Compiled:
    key = ("compiled", jurisdiction_key, message.channel, message.purpose)
    found = policy._compiled.get(key)
    if found is not None:
        return found  # type: ignore[return-value]
    jur = None if jurisdiction_key is None else Jurisdiction.parse(jurisdiction_key)
    packs = policy.packs_for(jur)
    rules: list[tuple[Rule, bool]] = [(r, False) for r in policy.rules if _wanted(r, message)]
    for p in packs:
        rules.extend((r, True) for r in p.rules if _wanted(r, message))
    bases: dict[str, Level] = {}
    if jur is not None:
        for p in packs:
            for basis, level in p.personalization_bases.items():
                prev = bases.get(basis)
                bases[basis] = level if prev is None or level < prev else prev
    digest = ";".join([policy.name, policy.version, *(f"{p.id}@{p.version}" for p in packs)])
    compiled = _Compiled(
        packs=packs,
        rules=tuple(rules),
        calls=tuple((r.fn if type(r) is FunctionRule else r, p) for r, p in rules),
        pack_ids=tuple(p.id for p in packs),
        personalization_bases=bases,
        known=jur is not None,
        digest=digest,
    )
    policy._compiled[key] = compiled
    return compiled


# -- preparing a request -----------------------------------------------------------------


# Which facts are valid and which grants are in force change only at the instants recorded
# in them, so each result is cached with the interval [lo, hi) of instants it holds for.
_SPANS: dict[int, tuple[object, float, float, object]] = {}
_INF = float("inf")
_CACHE_SIZE = 4096


def _span(bounds: Iterable[float], t: float) -> tuple[float, float]:
    lo, hi = -_INF, _INF
    for b in bounds:
        if b <= t:
            lo = max(lo, b)
        elif b < hi:
            hi = b
    return lo, hi


def _valid_facts(contact: Contact, t: float) -> Mapping[str, Fact]:
    hit = _SPANS.get(id(contact))
    if hit is not None and hit[0] is contact and hit[1] <= t < hit[2]:
        return hit[3]  # type: ignore[return-value]
    best: dict[str, tuple[float, Fact]] = {}
    bounds: list[float] = []
    for f in contact.known_facts:
        _, rec, until = fact_stamps(f)
        bounds.append(rec)
        bounds.append(until)
        if rec <= t < until:
            prev = best.get(f.key)
            if prev is None or rec > prev[0] or (rec == prev[0] and _later(f, prev[1])):
                best[f.key] = (rec, f)
    out = MappingProxyType({k: v[1] for k, v in best.items()})
    lo, hi = _span(bounds, t)
    _remember(contact, lo, hi, out)
    return out


def _later(a: Fact, b: Fact) -> bool:
    """
    Which of two facts recorded at the same instant wins, whatever their input order.
    """
    return (fact_digest(a), _deep(a)) > (fact_digest(b), _deep(b))


def _in_force(ledger: ConsentLedger, t: float) -> tuple[ConsentGrant, ...]:
    hit = _SPANS.get(id(ledger))
    if hit is not None and hit[0] is ledger and hit[1] <= t < hit[2]:
        return hit[3]  # type: ignore[return-value]
    out = []
    bounds: list[float] = []
    for g in ledger:
        info = grant_info(g)
        bounds.extend((info[4], info[5], info[6]))
        if info[4] <= t < info[5] and info[6] <= t:
            out.append(g)
    found = tuple(out)
    lo, hi = _span(bounds, t)
    _remember(ledger, lo, hi, found)
    return found


def _remember(anchor: object, lo: float, hi: float, value: object) -> None:
    if len(_SPANS) >= _CACHE_SIZE:
        _SPANS.clear()
    _SPANS[id(anchor)] = (anchor, lo, hi, value)


def prepare(
    contact: Contact,
    message: Message,
    *,
    ledger: ConsentLedger,
    history: tuple[Interaction, ...],
    at: pendulum.DateTime,
    policy: Policy,
    history_stamps: tuple[float, ...] | None = None,
    suppressions: tuple[Suppression, ...] = (),
) -> Request:
    """
    The request the rules read.

    The :class:`Request` the rules read: *ledger*, *history* and *suppressions* must
    already be this contact's (history sorted by time, *history_stamps* its instants in
    epoch seconds if known).

    .. versionadded:: 0.1.0
    """
    jur = contact.jurisdiction
    compiled = _compile(policy, None if jur is None else str(jur), message)
    t = stamp(at)
    # Every value is already of its field's type: set the slots directly (equal to
    # Request(...), which runs in tests) instead of going through attrs' __init__.
    r: Request = _new(Request)
    _set(r, "contact", contact)
    _set(r, "message", message)
    _set(r, "ledger", ledger)
    _set(r, "history", history)
    _set(r, "at", at)
    local = _local(at, contact.calendar_zone)
    _set(r, "local", local)
    _set(
        r,
        "local_times",
        (local,) if contact.timezone is not None else _local_times(at, contact.zones),
    )
    _set(r, "jurisdiction", jur)
    _set(r, "facts", _valid_facts(contact, t))
    _set(r, "policy", policy)
    _set(r, "in_force", _in_force(ledger, t))
    _set(r, "pack_ids", compiled.pack_ids)
    _set(r, "personalization_bases", compiled.personalization_bases)
    _set(r, "suppressions", suppressions)
    _set(r, "compiled", compiled)
    _set(r, "timestamp", t)
    _set(
        r,
        "history_stamps",
        tuple(map(interaction_stamp, history)) if history_stamps is None else history_stamps,
    )
    _set(r, "_memo", {})
    return r


_LOCALS: dict[tuple[int, str], tuple[pendulum.DateTime, pendulum.DateTime]] = {}


def _local(at: pendulum.DateTime, zone: str) -> pendulum.DateTime:
    """
    *at* on the wall clock of *zone*, memoised: a batch decided "now" converts once per zone.
    """
    key = (id(at), zone)
    hit = _LOCALS.get(key)
    if hit is not None and hit[0] is at:
        return hit[1]
    local = at.in_timezone(timezone(zone))
    if len(_LOCALS) >= _CACHE_SIZE:
        _LOCALS.clear()
    _LOCALS[key] = (at, local)
    return local


@functools.lru_cache(maxsize=1024)
def _zoneinfo(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


_BUCKET = 900.0
_GROUPS: dict[tuple[tuple[str, ...], float], tuple[str, ...]] = {}


def _offsets(zones: tuple[str, ...], ts: float) -> tuple[object, ...]:
    utc = dt.datetime.fromtimestamp(ts, dt.UTC).replace(tzinfo=None)
    out = []
    for zone in zones:
        tz = _zoneinfo(zone)
        out.append(tz.fromutc(utc.replace(tzinfo=tz)).utcoffset())
    return tuple(out)


def _representatives(zones: tuple[str, ...], at: pendulum.DateTime) -> tuple[str, ...]:
    """
    One zone per distinct UTC offset among *zones* at *at*.

    Memoised per quarter hour (clock changes fall on quarter hours since zones left local
    mean time): a grouping is reused only when every zone has the same offset at both ends
    of the quarter hour; otherwise it is computed for *at* alone.
    """
    ts = stamp(at)
    start = ts - ts % _BUCKET
    key = (zones, start)
    hit = _GROUPS.get(key)
    if hit is not None:
        return hit
    try:
        first, last = _offsets(zones, start), _offsets(zones, start + _BUCKET - 1e-6)
    except (OverflowError, ValueError):  # at the calendar's ends: no memo
        first, last = (), (None,)
    if first != last:
        exact = _offsets(zones, ts)
        return tuple({o: z for z, o in reversed(tuple(zip(zones, exact, strict=True)))}.values())
    found = tuple({o: z for z, o in reversed(tuple(zip(zones, first, strict=True)))}.values())
    if len(_GROUPS) >= _CACHE_SIZE:
        _GROUPS.clear()
    _GROUPS[key] = found
    return found


_LOCAL_SETS: dict[
    tuple[int, tuple[str, ...]], tuple[pendulum.DateTime, tuple[pendulum.DateTime, ...]]
] = {}


def _local_times(at: pendulum.DateTime, zones: tuple[str, ...]) -> tuple[pendulum.DateTime, ...]:
    """
    *at* on the wall clock of each of *zones*, one per distinct UTC offset (memoised).

    Zones at the same offset read the same wall time, so a rule on the wall clock gives
    the same answer in each; the deferral fixed point re-checks every zone at the instant
    it settles on.
    """
    key = (id(at), zones)
    hit = _LOCAL_SETS.get(key)
    if hit is not None and hit[0] is at:
        return hit[1]
    found = tuple(at.in_timezone(timezone(zone)) for zone in _representatives(zones, at))
    if len(_LOCAL_SETS) >= _CACHE_SIZE:
        _LOCAL_SETS.clear()
    _LOCAL_SETS[key] = (at, found)
    return found


def _ledger(contact: Contact, consents: ConsentLedger | Iterable[ConsentGrant]) -> ConsentLedger:
    if isinstance(consents, ConsentLedger):
        if consents.contact_id != contact.id:
            raise InvalidFieldError("consents", "the ledger belongs to another contact")
        return consents
    cid = contact.id
    items = tuple(consents)
    # Memoised by the identities of the grants (held by the cache, so ids stay unique):
    # deciding many messages from the same loaded grants builds their ledger once.
    key = (cid, *map(id, items))
    hit = _LEDGERS.get(key)
    if hit is not None:
        return hit[1]
    ledger = ConsentLedger(cid, tuple(g for g in items if g.contact_id == cid))
    if len(_LEDGERS) >= _CACHE_SIZE:
        _LEDGERS.clear()
    _LEDGERS[key] = (items, ledger)
    return ledger


_LEDGERS: dict[tuple[object, ...], tuple[tuple[ConsentGrant, ...], ConsentLedger]] = {}


_HISTORY_TUPLES: dict[
    int, tuple[tuple[Interaction, ...], str, tuple[Interaction, ...], tuple[float, ...]]
] = {}
_HISTORIES: dict[
    tuple[object, ...],
    tuple[tuple[Interaction, ...], tuple[Interaction, ...], tuple[float, ...]],
] = {}


def _history(
    contact: Contact, history: Iterable[Interaction]
) -> tuple[tuple[Interaction, ...], tuple[float, ...]]:
    """
    This contact's interactions sorted by time, with their epoch seconds.

    This contact's interactions sorted by time, with their epoch seconds (memoised by
    the identities of the interactions, which are immutable).  Every pass over the history
    runs in C (attribute getters, ``map``, ``list.count``): a history already in time order
    and all of this contact, the usual case, costs no Python-level work per interaction.
    """
    cid = contact.id
    if type(history) is tuple:
        same = _HISTORY_TUPLES.get(id(history))
        if same is not None and same[0] is history and same[1] == cid:
            return same[2], same[3]
    items = history if type(history) is tuple else tuple(history)
    # Memoised by the identities of the interactions (held by the cache).
    key = (cid, *map(id, items))
    hit = _HISTORIES.get(key)
    if hit is not None:
        return hit[1], hit[2]
    own = items
    if list(map(_CONTACT_ID, items)).count(cid) != len(items):
        own = tuple(h for h in items if h.contact_id == cid)
    stamps = _epoch_seconds(list(map(_AT, own)))
    if not all(map(operator.le, stamps, itertools.islice(stamps, 1, None))):
        # Stable: interactions at the same instant keep their given order.
        order = sorted(range(len(stamps)), key=stamps.__getitem__)
        own = tuple(map(own.__getitem__, order))
        stamps = list(map(stamps.__getitem__, order))
    stamps_t = tuple(stamps)
    if len(_HISTORIES) >= _CACHE_SIZE:
        _HISTORIES.clear()
    _HISTORIES[key] = (items, own, stamps_t)
    if type(history) is tuple:
        if len(_HISTORY_TUPLES) >= _CACHE_SIZE:
            _HISTORY_TUPLES.clear()
        _HISTORY_TUPLES[id(history)] = (history, cid, own, stamps_t)
    return own, stamps_t


def _epoch_seconds(instants: list[dt.datetime]) -> list[float]:
    """
    Each aware datetime's epoch seconds, exactly as ``datetime.timestamp`` gives them.

    ``timestamp`` is the exact difference from the epoch in UTC, in seconds.  Against an
    epoch carrying the instants' own UTC zone object, the difference skips the two offset
    look-ups per instant (the costly part); an instant in another zone is still subtracted
    with its offsets, so the answer is the same for any mix of zones.
    """
    epoch = _EPOCH
    if instants:
        tz = instants[0].tzinfo
        if tz is dt.UTC or (isinstance(tz, zoneinfo.ZoneInfo) and tz.key in _UTC_KEYS):
            epoch = dt.datetime(1970, 1, 1, tzinfo=tz)
    return list(map(_TOTAL_SECONDS, map(_SUB, instants, repeat(epoch, len(instants)))))


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
#: Zone keys of UTC itself (fixed at offset zero in the tz database).
_UTC_KEYS = frozenset({"UTC", "Etc/UTC"})
#: The C methods themselves (pendulum's ``DateTime.__sub__`` is Python and returns a
#: pendulum interval).
_SUB = dt.datetime.__sub__
_TOTAL_SECONDS = dt.timedelta.total_seconds
_CONTACT_ID = operator.attrgetter("contact_id")
_AT = operator.attrgetter("at")


# -- the call ----------------------------------------------------------------------------


def decide(
    contact: Contact,
    message: Message,
    *,
    consents: ConsentLedger | Iterable[ConsentGrant],
    history: Iterable[Interaction] = (),
    at: dt.datetime,
    policy: Policy | None = None,
    suppressions: SuppressionList | Iterable[Suppression] = (),
) -> Decision:
    """
    Decide whether, when and how personally *message* may go to *contact* at *at*.

    Args:
        contact: The person.
        message: What is to be sent.
        consents: The contact's :class:`~personal_touch.ConsentLedger`, or grants and
            versions of grants in any order (grants of other contacts are ignored).
        history: Interactions (other contacts' are ignored).
        at: The instant to decide for (aware).
        policy: The policy; default :func:`default_policy`.
        suppressions: A :class:`~personal_touch.SuppressionList` (or its entries; build
            the list once when deciding many times): an entry naming the contact or one
            of its addresses denies what it bars, even when the history is empty and a
            grant is in force.

    Returns:
        A :class:`~personal_touch.Decision`; a denial is a value, not an exception (see
        :func:`enforce`).

    Raises:
        NaiveDateTimeError: *at* has no time zone.
        InvalidFieldError: *consents* is a ledger of another contact, *suppressions*
            holds something else than suppressions, or *at* lies outside 0001-01-02 to
            9999-12-30 UTC.
        ConsentStateError: Versions of a grant given at the same instant disagree on
            what it covers.

    .. versionadded:: 0.1.0
    """
    instant = in_range(at, "at")
    if policy is None:
        policy = default_policy()
    ledger = _ledger(contact, consents)
    own, stamps = _history(contact, history)
    request = prepare(
        contact,
        message,
        ledger=ledger,
        history=own,
        at=instant,
        policy=policy,
        history_stamps=stamps,
        suppressions=_suppressions(contact, suppressions),
    )
    return combine(request)


def _suppressions(
    contact: Contact, suppressions: SuppressionList | Iterable[Suppression]
) -> tuple[Suppression, ...]:
    if type(suppressions) is tuple and not suppressions:
        return ()
    if not isinstance(suppressions, SuppressionList):
        suppressions = SuppressionList(suppressions)
    return suppressions.for_contact(contact)


def _run(request: Request, compiled: _Compiled) -> list[tuple[Outcome, bool]]:
    out: list[tuple[Outcome, bool]] = []
    for call, is_pack in compiled.calls:
        for o in call(request):
            out.append((o, is_pack))
    return out


_REASONS: dict[int, tuple[Outcome, Reason]] = {}
#: Small on purpose: transient outcomes pass through it, and a big heap slows the cyclic GC.
_REASONS_MAX = 512


def _reason(o: Outcome, effect: Effect) -> Reason:
    # Rules that return the same outcome object every time (constants, memoised permits)
    # get the same Reason back: both are immutable.
    hit = _REASONS.get(id(o))
    if hit is not None and hit[0] is o:
        return hit[1]
    r = _build_reason(o, effect)
    if len(_REASONS) >= _REASONS_MAX:
        _REASONS.clear()
    _REASONS[id(o)] = (o, r)
    return r


def _build_reason(o: Outcome, effect: Effect) -> Reason:
    # The hot path builds reasons from already-typed values, so it sets the slots directly
    # instead of running the converters again (the result equals Reason(...)).
    r = _new(Reason)
    _set(r, "rule", o.rule)
    _set(r, "effect", effect)
    _set(r, "code", o.code)
    _set(r, "message", o.message)
    _set(r, "citation", o.citation)
    _set(r, "level", o.level if type(o) is Cap else None)
    _set(r, "hint", getattr(o, "hint", None))
    return r


_EFFECTS: dict[type, Effect] = {
    Permit: Effect.PERMIT,
    Deny: Effect.DENY,
    Defer: Effect.DEFER,
    Cap: Effect.CAP,
    Withhold: Effect.WITHHOLD,
    Disclose: Effect.DISCLOSE,
    Note: Effect.NOTE,
}


def combine(request: Request) -> Decision:
    """
    Run the policy's rules on *request* and combine their outcomes.

    Run the policy's rules on *request* and combine their outcomes (see the module's
    description of the algorithm).  A rule whose date arithmetic leaves the calendar
    (years 1 to 9999) denies: the decision is DENY with reason ``date_out_of_range``.

    .. versionadded:: 0.1.0
    """
    try:
        return _combine(request)
    except (OverflowError, ValueError) as exc:
        if not _out_of_range(exc):
            raise
    return _beyond_calendar(request)


def _out_of_range(exc: Exception) -> bool:
    """
    Whether *exc* is the standard library's "date out of range" (no typed error of ours).
    """
    if isinstance(exc, PersonalTouchError):
        return False
    return isinstance(exc, OverflowError) or "out of range" in str(exc)


def _beyond_calendar(request: Request) -> Decision:
    compiled = request.compiled
    if type(compiled) is not _Compiled:
        jur = request.jurisdiction
        compiled = _compile(request.policy, None if jur is None else str(jur), request.message)
    reasons = [
        Reason(
            rule="timing",
            effect=Effect.DENY,
            code="date_out_of_range",
            message="a rule's date arithmetic left the supported calendar (years 1 to 9999)",
        )
    ]
    fact_set = facts_digest(request.contact.known_facts)
    decision_id = _decision_id(
        request,
        compiled=compiled,
        verdict=Verdict.DENY,
        level=Level.GENERIC,
        not_before=None,
        approved=[],
        fact_set=fact_set,
        withheld=(),
        reasons=reasons,
    )
    return Decision(
        decision_id=decision_id,
        contact_id=request.contact.id,
        message=request.message,
        at=request.at,
        verdict=Verdict.DENY,
        level=Level.GENERIC,
        reasons=tuple(reasons),
        policy=request.policy.name,
        policy_version=request.policy.version,
        facts_digest=fact_set,
    )


def _combine(request: Request) -> Decision:  # noqa: PLR0912, PLR0915 - one combining function, by design
    policy = request.policy
    msg = request.message
    compiled = request.compiled
    if type(compiled) is not _Compiled:
        jur = request.jurisdiction
        compiled = _compile(policy, None if jur is None else str(jur), msg)
    wanted = msg.level
    level = wanted
    permitted = False
    denied = False
    not_before: pendulum.DateTime | None = None
    withheld: dict[str, WithheldFact] = {}
    disclosures: list[tuple[int, Disclose]] = []
    grants: dict[str, ConsentGrant] = {}
    reasons: list[Reason] = []
    for call, is_pack in compiled.calls:
        for o in call(request):
            kind = type(o)
            if kind is Permit:
                if is_pack and not compiled.known:
                    reasons.append(
                        Reason(
                            rule=o.rule,
                            effect=Effect.NOTE,
                            code="permit_needs_known_jurisdiction",
                            message="a law's own permission is not relied on while the contact's "
                            "jurisdiction is unknown",
                            citation=o.citation,
                        )
                    )
                    continue
                permitted = True
                for g in o.grants:  # type: ignore[union-attr]
                    grants.setdefault(g.id, g)
            elif kind is Deny:
                denied = True
            elif kind is Defer:
                nb = o.not_before  # type: ignore[union-attr]
                if type(nb) is not pendulum.DateTime:
                    nb = aware(nb, "not_before")
                if not_before is None or nb > not_before:
                    not_before = nb
            elif kind is Cap:
                if RANK[o.level._value_] < RANK[level._value_]:  # type: ignore[union-attr]
                    level = o.level  # type: ignore[union-attr]
            elif kind is Withhold:
                key = o.key  # type: ignore[union-attr]
                if key not in withheld:
                    withheld[key] = WithheldFact(key=key, code=o.code, reason=o.message)
            elif kind is Disclose:
                disclosures.append((len(reasons), o))  # type: ignore[arg-type]
            reasons.append(_reason(o, _EFFECTS[kind]))

    if not denied and not permitted and msg.purpose is not MessagePurpose.TRANSACTIONAL:
        denied = True
        lapsed = lapse(request)
        if lapsed is not None:
            # Say why the covering grant does not count; the denial takes the place of the
            # consent rule's note with the same code (in place: disclosures index reasons).
            code = lapsed[0]
            deny = Reason(
                rule="consent", effect=Effect.DENY, code=code, message=lapsed[1], hint=lapsed[2]
            )
            slot = next(
                (
                    i
                    for i, r in enumerate(reasons)
                    if r.rule == "consent" and r.effect is Effect.NOTE and r.code == code
                ),
                None,
            )
            if slot is None:
                reasons.append(deny)
            else:
                reasons[slot] = deny
        else:
            keys = PURPOSE_KEYS[msg.purpose]
            reasons.append(
                Reason(
                    rule="consent",
                    effect=Effect.DENY,
                    code="no_permission",
                    message="no rule permits this purpose on this channel (fail closed)",
                    hint=f"a {keys[0]} grant covering {msg.channel.value} would permit this"
                    if keys
                    else None,
                )
            )

    # content facts: every key a content key exposes (itself and the keys below it) is
    # approved on its own, as the exact instance the rules vetted
    approved: dict[str, Fact] = {}
    below: tuple[str, ...] | None = None
    for key in message_keys(msg)[0]:
        for fact in exposed_facts(request, key):
            fk = fact.key
            if fk in approved or fk in withheld:
                continue
            if withheld:
                if below is None or len(below) != len(withheld):
                    below = tuple(w + "." for w in withheld)
                if fk.startswith(below):
                    continue  # a withheld key withholds everything below it
            if fact.provenance is Provenance.INFERRED and fact.sensitivity is not _ORDINARY:
                withheld[fk] = WithheldFact(
                    key=fk,
                    code="inferred_special_category",
                    reason=f"fact {fk} is an inferred {fact.sensitivity.value} fact "
                    "and is never used",
                )
                continue
            needed = fact_level(fact)
            if RANK[needed._value_] > RANK[level._value_]:
                withheld[fk] = WithheldFact(
                    key=fk,
                    code="above_granted_level",
                    reason=f"fact {fk} needs {needed.value}, more than the {level.value} granted",
                )
                continue
            approved[fk] = fact
    if withheld and Level.CUSTOMIZED < level < Level.INDIVIDUAL:
        supported = min(wanted, Level.CUSTOMIZED)
        for fact in approved.values():
            fl = fact_level(fact)
            supported = max(supported, fl)
        if supported < level:
            level = supported
            reasons.append(
                Reason(
                    rule="facts",
                    effect=Effect.CAP,
                    code="withheld_facts_lower_level",
                    message=f"without the withheld facts the message supports {level.value}",
                    level=level,
                )
            )

    verdict = Verdict.ALLOW
    if denied:
        verdict = Verdict.DENY
        level = Level.GENERIC
        approved = {}
        not_before = None
    elif not_before is not None:
        verdict = Verdict.DEFER
        not_before, extra = _settle(request, compiled, not_before)
        reasons.extend(extra)
        if not_before is None:
            verdict = Verdict.DENY
            level = Level.GENERIC
            approved = {}
        elif request.contact.timezone is None:
            # Shown in UTC, not in whichever of the jurisdiction's zones deferred last (its
            # name would depend on the installed CLDR data).
            not_before = not_before.in_timezone("UTC")

    kept: list[Disclosure] = []
    if disclosures:
        used = approved
        dropped: set[int] = set()
        for i, d in disclosures:
            if (
                verdict is Verdict.DENY
                or (
                    d.if_level_above is not None
                    and RANK[level._value_] <= RANK[d.if_level_above._value_]
                )
                or (d.if_fact_used is not None and d.if_fact_used not in used)
            ):
                dropped.add(i)
            else:
                dc = d.disclosure
                if not any(x is dc or (x.code is dc.code and x == dc) for x in kept):
                    kept.append(dc)
        if dropped:
            reasons = [r for i, r in enumerate(reasons) if i not in dropped]

    refs_list: list[GrantRef] = []
    for g in grants.values():
        hit = _REFS.get(id(g))
        if hit is None or hit[0] is not g:
            hit = (g, _grant_ref(g))
            if len(_REFS) >= _CACHE_SIZE:
                _REFS.clear()
            _REFS[id(g)] = hit
        refs_list.append(hit[1])
    refs = tuple(refs_list)
    withheld_t = tuple(withheld[k] for k in sorted(withheld))
    usable_t = tuple(sorted(approved))
    approvals = [_approval(approved[k]) for k in usable_t]
    approved_t = tuple(a[0] for a in approvals)
    fact_set = facts_digest(request.contact.known_facts)
    decision_id = _decision_id(
        request,
        compiled=compiled,
        verdict=verdict,
        level=level,
        not_before=not_before,
        approved=[a[1] for a in approvals],
        fact_set=fact_set,
        withheld=withheld_t,
        reasons=reasons,
    )
    # Every value is already of its field's type, so set the slots directly instead of
    # running Decision's converters again (the result equals Decision(...); tested).
    out: Decision = _new(Decision)
    _set(out, "decision_id", decision_id)
    _set(out, "contact_id", request.contact.id)
    _set(out, "message", msg)
    _set(out, "at", request.at)
    _set(out, "verdict", verdict)
    _set(out, "level", level)
    _set(out, "approved_facts", approved_t)
    _set(out, "usable_facts", usable_t)
    _set(out, "withheld_facts", withheld_t)
    _set(out, "disclosures", tuple(kept))
    _set(out, "not_before", not_before)
    _set(out, "reasons", tuple(reasons))
    _set(out, "grants", refs)
    _set(out, "policy", policy.name)
    _set(out, "policy_version", policy.version)
    _set(out, "facts_digest", fact_set)
    return out


_ORDINARY = Sensitivity.ORDINARY


_APPROVALS: dict[int, tuple[Fact, tuple[ApprovedFact, str]]] = {}


def _approval(fact: Fact) -> tuple[ApprovedFact, str]:
    """
    The approval of *fact* and its text for the decision id (memoised: facts are frozen).
    """
    hit = _APPROVALS.get(id(fact))
    if hit is not None and hit[0] is fact:
        return hit[1]
    # Built from already-typed values (equal to ApprovedFact.of(fact)).
    a: ApprovedFact = _new(ApprovedFact)
    digest = fact_digest(fact)
    _set(a, "key", fact.key)
    _set(a, "recorded_at", fact.recorded_at)
    _set(a, "digest", digest)
    found = (a, f"{fact.key}@{fact_stamps(fact)[1]!r}#{digest}")
    if len(_APPROVALS) >= _CACHE_SIZE:
        _APPROVALS.clear()
    _APPROVALS[id(fact)] = (fact, found)
    return found


def _at_instant(request: Request, at: pendulum.DateTime) -> Request:
    """
    The same request asked at another instant (grants and facts re-evaluated).
    """
    return prepare(
        request.contact,
        request.message,
        ledger=request.ledger,
        history=request.history,
        at=at,
        policy=request.policy,
        history_stamps=request.history_stamps,
        suppressions=request.suppressions,
    )


def _settle(
    request: Request, compiled: _Compiled, not_before: pendulum.DateTime
) -> tuple[pendulum.DateTime | None, list[Reason]]:
    """
    Move *not_before* forward until no rule defers at it; ``None`` if it never settles.
    """
    extra: list[Reason] = []
    why = f"no instant satisfies every window within {MAX_DEFER_ROUNDS} steps"
    for _ in range(MAX_DEFER_ROUNDS):
        if stamp(not_before) > MAX_STAMP:  # e.g. paused until 9999-12-31: never in range
            why = _PAST_THE_CALENDAR
            break
        try:
            later = _at_instant(request, not_before)
            outcomes = _run(later, compiled)
        except (OverflowError, ValueError) as exc:
            if not _out_of_range(exc):
                raise
            why = _PAST_THE_CALENDAR
            break
        moved = False
        for o, _is_pack in outcomes:
            if type(o) is Defer and o.not_before > not_before:
                not_before = aware(o.not_before, "not_before")
                moved = True
                extra.append(_reason(o, Effect.DEFER))
        if not moved:
            return not_before, extra
    extra.append(
        Reason(
            rule="timing",
            effect=Effect.DENY,
            code="no_permitted_instant",
            message=why,
        )
    )
    return None, extra


_PAST_THE_CALENDAR = (
    f"no instant up to {MAX_INSTANT.date().isoformat()} (the supported calendar) satisfies "
    "every window"
)


# -- audit helpers -----------------------------------------------------------------------

_CANON: dict[int, tuple[object, str]] = {}
_CANON_MAX = 4096


def _canon(obj: object, build: object) -> str:
    key = id(obj)
    hit = _CANON.get(key)
    if hit is not None and hit[0] is obj:
        return hit[1]
    text: str = build(obj)  # type: ignore[operator]
    if len(_CANON) >= _CANON_MAX:
        _CANON.clear()
    _CANON[key] = (obj, text)
    return text


def _ts(value: dt.datetime | None) -> str:
    return "" if value is None else repr(value.timestamp())


def _grant_canon(g: ConsentGrant) -> str:
    ev = g.evidence
    return "|".join(
        (
            g.id,
            g.purpose,
            g.basis.value,
            ",".join(sorted(c.value for c in g.channels)),
            _ts(g.granted_at),
            _ts(g.expires_at),
            _ts(g.withdrawn_at),
            _ts(g.confirmed_at),
            str(g.requires_confirmation),
            _scope_canon(g.scope),
            "" if ev is None else f"{ev.notice_id}@{ev.notice_version}",
        )
    )


def _scope_canon(scope: Scope | None) -> str:
    # Sorted, never repr(): a frozenset's order changes with PYTHONHASHSEED, and the id must not.
    if scope is None:
        return ""
    return ";".join(
        (
            ",".join(sorted(scope.fact_keys)),
            ",".join(sorted(s.value for s in scope.sensitivities)),
            ",".join(sorted(scope.product_categories)),
        )
    )


def _interaction_canon(h: Interaction) -> str:
    return "|".join(
        (
            h.kind.value,
            _ts(h.at),
            "" if h.channel is None else h.channel.value,
            h.purpose or "",
            "" if h.level is None else h.level.value,
            h.topic or "",
            h.message_id or "",
            h.moment_id or "",
        )
    )


def _ledger_digest(ledger: ConsentLedger) -> str:
    text = "\x1e".join(_canon(g, _grant_canon) for g in ledger)
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _history_digest(history: tuple[Interaction, ...], stamps: tuple[float, ...]) -> str:
    """
    The digest of *history* (*stamps* its epoch seconds): of each ``_interaction_canon``.

    Built column by column in C (attribute getters, ``map``, ``str.join``) from the epoch
    seconds already computed, without a per-interaction cache (a long history would only
    churn it): the same text as joining ``_interaction_canon`` of each interaction.
    """
    if len(stamps) != len(history):  # a hand-made request
        stamps = tuple(h.at.timestamp() for h in history)
    n = len(history)
    value, empty = "_value_", ""
    rows = zip(
        map(_KIND_VALUE, history),
        map(repr, stamps),
        map(getattr, map(_CHANNEL, history), repeat(value, n), repeat(empty, n)),  # None: ""
        map(getattr, map(_PURPOSE, history), repeat(value, n), repeat(empty, n)),
        map(getattr, map(_LEVEL, history), repeat(value, n), repeat(empty, n)),
        _texts(list(map(_TOPIC, history))),
        _texts(list(map(_MESSAGE_ID, history))),
        _texts(list(map(_MOMENT_ID, history))),
        strict=True,
    )
    text = "\x1e".join(map("|".join, rows))
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _texts(column: list[str | None]) -> Iterable[str]:
    """*column* with ``""`` for ``None`` (and ``""``); often all ``None``, checked in C."""
    if column.count(None) == len(column):
        return repeat("", len(column))
    # The column's own text wherever it is not None: ``x or ""`` in C.
    return cast("Iterable[str]", map(_OR_EMPTY, column, column))


_KIND_VALUE = operator.attrgetter("kind._value_")
_CHANNEL = operator.attrgetter("channel")
_PURPOSE = operator.attrgetter("purpose")
_LEVEL = operator.attrgetter("level")
_TOPIC = operator.attrgetter("topic")
_MESSAGE_ID = operator.attrgetter("message_id")
_MOMENT_ID = operator.attrgetter("moment_id")
#: ``_OR_EMPTY(x, x)`` is ``x or ""`` for an optional text (``None`` and ``""`` give ``""``).
_OR_EMPTY = {None: "", "": ""}.get


def _suppression_canon(s: Suppression) -> str:
    return "|".join(
        (
            s.contact_id or "",
            s.address_digest or "",
            "" if s.channel is None else s.channel.value,
            ",".join(sorted(p.value for p in s.purposes)),
            s.reason.value,
            _ts(s.since),
        )
    )


def _message_canon(m: Message) -> str:
    return repr(
        (
            m.purpose.value,
            m.channel.value,
            m.authorship.value,
            m.level.value,
            sorted(m.content_facts),
            sorted(m.targeting_facts),
            m.product_category,
            m.topic,
            m.in_reply_to_inquiry,
            attrs.astuple(m.content),
            sorted(m.authorship_claims),
            m.moment_id,
            m.id,
        )
    )


_HEADS: dict[int, tuple[Contact, _Compiled, str]] = {}


_PLAIN = frozenset({str, bool, int, float, type(None)})


def _deep(value: object) -> str:
    """
    A canonical text of a model value: stable across processes (sets sorted, no ``hash()``).
    """
    cls = value.__class__
    if cls in _PLAIN:
        return repr(value)
    if cls is pendulum.DateTime:
        return "T" + repr(stamp(value))  # type: ignore[arg-type]
    if isinstance(value, enum.Enum):
        return repr(value.value)
    if isinstance(value, dt.datetime):
        return "T" + repr(stamp(value))
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (frozenset, set)):
        return "{" + ",".join(sorted(_deep(v) for v in value)) + "}"
    if isinstance(value, (tuple, list)):
        return "(" + ",".join(_deep(v) for v in value) + ")"
    if isinstance(value, Mapping_):
        return "{" + ",".join(f"{k!r}:{_deep(value[k])}" for k in sorted(value)) + "}"
    if attrs.has(type(value)):
        return _canon(value, _deep_attrs)  # frozen values: memoised by identity
    return type(value).__name__ + ":" + str(value)


def _deep_attrs(value: object) -> str:
    cls = type(value)
    names = [a.name for a in attrs.fields(cls)]  # type: ignore[arg-type]
    return cls.__name__ + "(" + ",".join(_deep(getattr(value, n)) for n in names) + ")"


#: Contact fields no rule reads (names and addresses), and the facts (digested on their own).
_UNREAD = frozenset({"name", "company", "contact_points", "facts"})


def _contact_canon(contact: Contact) -> str:
    names = _READ.get(type(contact))
    if names is None:
        names = _READ[type(contact)] = tuple(
            a.name for a in attrs.fields(type(contact)) if a.init and a.name not in _UNREAD
        )
    out = []
    for name in names:
        v = getattr(contact, name)
        out.append(v if v.__class__ is str else _deep(v))
    return "|".join(out)


_READ: dict[type, tuple[str, ...]] = {}


def _decision_id(
    request: Request,
    *,
    compiled: _Compiled,
    verdict: Verdict,
    level: Level,
    not_before: pendulum.DateTime | None,
    approved: list[str],
    fact_set: str,
    withheld: tuple[WithheldFact, ...],
    reasons: list[Reason],
) -> str:
    contact = request.contact
    head = _HEADS.get(id(contact))
    if head is None or head[0] is not contact or head[1] is not compiled:
        # Everything a rule may read about the contact: its fields (preferences, privacy
        # signals, birth date, contact points...) and its whole fact set.
        text = "\x1f".join((compiled.digest, _contact_canon(contact), fact_set))
        head = (contact, compiled, text)
        if len(_HEADS) >= _CACHE_SIZE:
            _HEADS.clear()
        _HEADS[id(contact)] = head
    parts = [head[2], repr(request.timestamp), _canon(request.message, _message_canon)]
    parts.append(_canon(request.ledger, _ledger_digest))
    history, stamps = request.history, request.history_stamps
    parts.append(_canon(history, lambda h: _history_digest(h, stamps)))
    if request.suppressions:
        parts.append("\x1e".join(_canon(s, _suppression_canon) for s in request.suppressions))
    parts.append(verdict._value_)
    parts.append(level._value_)
    parts.append(_ts(not_before))
    parts.extend(approved)
    parts.extend([w.key + ":" + w.code for w in withheld])
    parts.extend([r.rule + ":" + r.code for r in reasons])
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()


_REFS: dict[int, tuple[ConsentGrant, GrantRef]] = {}


def _grant_ref(g: ConsentGrant) -> GrantRef:
    ev = g.evidence
    return GrantRef(
        id=g.id,
        purpose=g.purpose,
        basis=g.basis.value,
        notice_id=None if ev is None else ev.notice_id,
        notice_version=None if ev is None else ev.notice_version,
    )


# -- the default policy ------------------------------------------------------------------


@functools.cache
def default_policy() -> Policy:
    """
    The default policy, built once and cached.

    The default policy: the core rules (:data:`personal_touch.rules.CORE_RULES`) and every
    jurisdiction pack of :mod:`personal_touch.packs` (built once, then cached).

    >>> default_policy() is default_policy()
    True

    .. versionadded:: 0.1.0
    """
    return Policy(name="default", version="1", rules=CORE_RULES, packs=all_packs())
