"""
The jurisdiction-neutral core rules.

The jurisdiction-neutral core rules: consent, stage ceiling, personalization permission,
facts, the person's preferences, honesty, timing, frequency and dial-back.

Each rule is a small function of a :class:`~personal_touch.rules.Request` returning
outcomes; messages never contain personal data (keys and codes only, never values).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from .._channels import Channel
from .._consent import ConsentGrant, GrantStatus, LawfulBasis, Purpose
from .._decision import Disclosure, DisclosureCode
from .._facts import Fact, Provenance, Sensitivity
from .._interactions import InteractionKind
from .._levels import Authorship, Level
from .._message import MessagePurpose
from .._suppression import UNSUBSCRIBE_PURPOSES as _UNSUBSCRIBE_PURPOSES
from .._time import timezone
from ._clock import next_wall_time, wall_instant
from ._fast import fact_stamps, history_kinds, memo, message_keys, stamp
from ._model import (
    Cap,
    Defer,
    Deny,
    Disclose,
    FunctionRule,
    Note,
    Outcome,
    Permit,
    Request,
    Withhold,
    rule,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    import pendulum

__all__ = [
    "CONSENT_BASES",
    "CORE_RULES",
    "CUSTOMIZATION_TOPICS",
    "PREFERENCE_TOPICS",
    "PURPOSE_KEYS",
    "UNSUBSCRIBE_PURPOSES",
    "UNTIMED_CHANNELS",
    "answers_inquiry",
    "consent",
    "dial_back",
    "exposed_facts",
    "fact_level",
    "facts",
    "frequency",
    "honesty",
    "lapse",
    "last_unsubscribe",
    "personalization",
    "preferences",
    "stage_ceiling",
    "timing",
]

_T = MessagePurpose.TRANSACTIONAL
#: Rank of each level by value: integer comparisons in hot paths.
RANK: Mapping[str, int] = {lv.value: i for i, lv in enumerate(Level)}
_CUSTOMIZED = RANK[Level.CUSTOMIZED.value]
_PERSONAL = RANK[Level.PERSONAL.value]
_NEGATIVE = frozenset(k for k in InteractionKind if k.is_negative)
_NEGATIVES: dict[object, object] = {}
_NEGATIVE_VALUES = frozenset(k.value for k in _NEGATIVE)
_DAY = 86400.0

#: The grant purposes that may permit each message purpose, in order of preference.
#: A relationship message may also rest on a marketing grant (it is the narrower ask).
PURPOSE_KEYS: Mapping[MessagePurpose, tuple[str, ...]] = {
    MessagePurpose.MARKETING: (Purpose.MARKETING,),
    MessagePurpose.RELATIONSHIP: (Purpose.RELATIONSHIP, Purpose.MARKETING),
    MessagePurpose.FUNDRAISING: (Purpose.FUNDRAISING,),
    MessagePurpose.CONSENT_REQUEST: (Purpose.CONSENT_REQUEST, Purpose.MARKETING),
    MessagePurpose.SURVEY: (Purpose.SURVEY, Purpose.RELATIONSHIP, Purpose.MARKETING),
    MessagePurpose.TRANSACTIONAL: (),
}

#: Purposes an objection to direct marketing bars (GDPR Art. 21(2)-(3): absolute).
DIRECT_MARKETING = frozenset(
    {
        MessagePurpose.MARKETING,
        MessagePurpose.RELATIONSHIP,
        MessagePurpose.FUNDRAISING,
        MessagePurpose.CONSENT_REQUEST,
    }
)

#: Bases the core consent rule accepts by itself; implied bases need a pack's permit.
CONSENT_BASES = frozenset(
    {
        LawfulBasis.CONSENT,
        LawfulBasis.EXPLICIT_CONSENT,
        LawfulBasis.PRIOR_EXPRESS_WRITTEN_CONSENT,
        LawfulBasis.PARENTAL_CONSENT,
    }
)
_CONTRACT_PURPOSES = frozenset({MessagePurpose.RELATIONSHIP, MessagePurpose.SURVEY})

#: Fact topics (first key segment) that only customize, like a name: STATED or SYSTEM
#: facts under them need no more than CUSTOMIZED.
CUSTOMIZATION_TOPICS = frozenset(
    {"name", "company", "organization", "job", "title", "role", "language", "locale"}
)
#: Fact topics holding the person's own stated preferences and dealings with us: STATED
#: facts under them need CONTEXTUAL, like observed behaviour.
PREFERENCE_TOPICS = frozenset(
    {"interests", "preferences", "purchases", "inquiries", "content", "account", "orders"}
)

#: Purposes an unsubscribe on a channel blocks at once (CORE-SUPP-01); defined with the
#: suppression list, whose entries bar them by default.
UNSUBSCRIBE_PURPOSES = _UNSUBSCRIBE_PURPOSES

_STATUS_CODES = {
    GrantStatus.WITHDRAWN: ("consent_withdrawn", "a grant for this purpose was withdrawn"),
    GrantStatus.EXPIRED: ("consent_expired", "a grant for this purpose has expired"),
    GrantStatus.PENDING_CONFIRMATION: (
        "consent_pending_confirmation",
        "a grant for this purpose awaits double opt-in confirmation",
    ),
    GrantStatus.NOT_YET_GRANTED: (
        "consent_not_yet_granted",
        "a grant for this purpose starts later",
    ),
}


#: What each lapsed status says when it is why nothing permits a message, and what would.
_LAPSE_TEXTS = {
    GrantStatus.WITHDRAWN: ("was withdrawn", "a new opt-in would permit this"),
    GrantStatus.EXPIRED: ("has expired", "a new opt-in would permit this"),
    GrantStatus.PENDING_CONFIRMATION: (
        "awaits double opt-in confirmation",
        "the contact confirming the double opt-in would permit this",
    ),
    GrantStatus.NOT_YET_GRANTED: (
        "starts later",
        "the message may go once the grant starts",
    ),
}


def fact_level(fact: Fact) -> Level:
    """
    The lowest level a message must reach to use *fact* in its content.

    - special-category facts, inferred and third-party facts, and personal facts the person
      told us (``travel``, ``family``, moments): :attr:`Level.PERSONAL`;
    - the person's behaviour with us (OBSERVED), their stated preferences and dealings
      (STATED under :data:`PREFERENCE_TOPICS`) and other operational records (SYSTEM):
      :attr:`Level.CONTEXTUAL`;
    - STATED or SYSTEM facts under :data:`CUSTOMIZATION_TOPICS` (name-like keys):
      :attr:`Level.CUSTOMIZED`.

    .. versionadded:: 0.1.0
    """
    hit = _LEVELS.get(id(fact))
    if hit is not None and hit[0] is fact:
        return hit[1]
    level = _fact_level(fact)
    if len(_LEVELS) >= _LEVELS_MAX:
        _LEVELS.clear()
    _LEVELS[id(fact)] = (fact, level)
    return level


_LEVELS: dict[int, tuple[Fact, Level]] = {}
_LEVELS_MAX = 4096


def _fact_level(fact: Fact) -> Level:
    prov = fact.provenance
    if fact.sensitivity is not Sensitivity.ORDINARY:
        return Level.PERSONAL
    if prov is Provenance.INFERRED or prov is Provenance.THIRD_PARTY:
        return Level.PERSONAL
    topic = fact.key.partition(".")[0]
    if topic in CUSTOMIZATION_TOPICS:
        return Level.CUSTOMIZED
    if prov is Provenance.STATED and topic not in PREFERENCE_TOPICS:
        return Level.PERSONAL
    return Level.CONTEXTUAL


# -- 1. consent --------------------------------------------------------------------------


def answers_inquiry(request: Request) -> bool:
    """
    Whether the message answers the contact's own recent inquiry.

    It must say so (``in_reply_to_inquiry``) and the history must hold an ``inquired``
    interaction within the policy's ``inquiry_reply_days`` before the instant: a flag alone
    never lifts a rule.

    .. versionadded:: 0.1.0
    """
    if not request.message.in_reply_to_inquiry:
        return False
    history, stamps = request.history, request.history_stamps
    if _INQUIRED not in history_kinds(history):
        return False
    now = request.timestamp
    since = now - request.policy.inquiry_reply_days * _DAY
    if len(stamps) == len(history):  # oldest first: only the window is read
        lo, hi = bisect_left(stamps, since), bisect_right(stamps, now)
        return any(h.kind is InteractionKind.INQUIRED for h in history[lo:hi])
    return any(
        h.kind is InteractionKind.INQUIRED and since <= t <= now
        for h, t in zip(history, stamps, strict=False)
    )


_INQUIRED = InteractionKind.INQUIRED.value


def _accepted(grant: ConsentGrant, purpose: MessagePurpose) -> bool:
    basis = grant.basis
    if basis in CONSENT_BASES:
        return True
    return basis is LawfulBasis.CONTRACT and purpose in _CONTRACT_PURPOSES


def last_unsubscribe(request: Request) -> float | None:
    """
    When the contact last unsubscribed from the message's channel, in epoch seconds.

    The latest ``unsubscribed`` interaction at or before the instant on the message's
    channel (one without a channel counts for every channel); ``None`` when there is none.

    .. versionadded:: 0.1.0
    """
    history = request.history
    if _UNSUBSCRIBED not in history_kinds(history):
        return None
    now = request.timestamp
    channel = request.message.channel
    stamps = request.history_stamps
    if len(stamps) == len(history):  # oldest first: the latest match is the first one back
        for i in range(bisect_right(stamps, now) - 1, -1, -1):
            h = history[i]
            if h.kind is InteractionKind.UNSUBSCRIBED and (
                h.channel is None or h.channel is channel
            ):
                return stamps[i]
        return None
    events: tuple[tuple[Channel | None, float], ...] = memo(
        _UNSUBSCRIBES,
        id(history),
        history,
        lambda: tuple(
            (h.channel, t)
            for h, t in zip(history, stamps, strict=False)
            if h.kind is InteractionKind.UNSUBSCRIBED
        ),
    )
    latest: float | None = None
    for ch, t in events:
        if t <= now and (ch is None or ch is channel) and (latest is None or t > latest):
            latest = t
    return latest


_UNSUBSCRIBES: dict[object, object] = {}
_UNSUBSCRIBED = InteractionKind.UNSUBSCRIBED.value


def _opted_in_after(request: Request, keys: tuple[str, ...], since: float) -> bool:
    channel = request.message.channel
    return any(
        g.basis in CONSENT_BASES and stamp(g.granted_at) > since
        for key in keys
        for g in request.grants_for(key, channel)
    )


def _unsubscribed(request: Request) -> Deny | None:
    unsubscribed = last_unsubscribe(request)
    if unsubscribed is None or _opted_in_after(
        request, PURPOSE_KEYS[request.message.purpose], unsubscribed
    ):
        return None
    return Deny(
        "consent",
        "unsubscribed",
        f"the contact unsubscribed from {request.message.channel.value}; "
        "the unsubscribe is honoured at once",
        hint="only a new opt-in given after the unsubscribe lifts it",
        citation="CORE-SUPP-01; GDPR Art. 21(3)",
    )


def _withdrawn(request: Request, covering: list[ConsentGrant]) -> Deny | None:
    """
    A withdrawn grant is an opt-out: it denies what an unsubscribe does, in every law.

    Until a grant for the purpose is given after the withdrawal (even one that has since
    lapsed: the person opted in again), so an opt-out regime (CAN-SPAM) never mails someone
    who took their consent back.
    """
    at = request.timestamp
    withdrawals = [
        stamp(g.withdrawn_at)
        for g in covering
        if g.withdrawn_at is not None and stamp(g.withdrawn_at) <= at
    ]
    if not withdrawals:
        return None
    last = max(withdrawals)
    if any(
        g.basis in CONSENT_BASES and last < stamp(g.granted_at) <= at
        for g in covering
        if g.withdrawn_at is None or stamp(g.withdrawn_at) > at
    ):
        return None
    return Deny(
        "consent",
        "consent_withdrawn",
        f"the {request.message.purpose.value} grant covering {request.message.channel.value} "
        "was withdrawn; a withdrawal is an opt-out, honoured in every jurisdiction",
        hint="a new opt-in would permit this",
        citation="CORE-SUPP-01; GDPR Art. 7(3)",
    )


def _barred(request: Request) -> Deny | None:
    """
    The absolute denials: a suppression-list entry, an objection to direct marketing.
    """
    if request.suppressions and (suppressed := _suppressed(request)) is not None:
        return suppressed
    objected = request.contact.privacy.objected_to_marketing_at
    if (
        request.message.purpose in DIRECT_MARKETING
        and objected is not None
        and stamp(objected) <= request.timestamp
    ):
        return Deny(
            "consent",
            "objection_direct_marketing",
            "the contact objected to direct marketing; the objection is absolute",
        )
    return None


def _suppressed(request: Request) -> Deny | None:
    msg = request.message
    for s in request.suppressions:
        if s.applies(msg.channel, msg.purpose, at=request.at):
            where = "every channel" if s.channel is None else s.channel.value
            return Deny(
                "consent",
                "suppressed",
                f"the contact is on the suppression list for {where} ({s.reason.value}); "
                "the suppression is honoured at once",
                hint="only removing the entry from the suppression list lifts it",
                citation="CORE-SUPP-01; GDPR Art. 21(3)",
            )
    return None


def lapse(request: Request) -> tuple[str, str, str] | None:
    """
    Why the grants covering the message's purpose and channel do not count at the instant.

    The most recently given grant of the contact's ledger covering the message's purpose
    (any of :data:`PURPOSE_KEYS`) on its channel that is withdrawn, expired, pending
    confirmation or not yet granted at the instant, as ``(code, message, hint)``;
    ``None`` when no covering grant has lapsed (or none exists).  Keys and codes only,
    never personal data.

    .. versionadded:: 0.1.0
    """
    channel = request.message.channel
    keys = PURPOSE_KEYS[request.message.purpose]
    best: tuple[ConsentGrant, GrantStatus, str] | None = None
    for g in request.ledger:
        key = next((k for k in keys if g.covers(k, channel)), None)
        if key is None:
            continue
        status = g.status_at(request.at)
        if status in _LAPSE_TEXTS and (best is None or g.granted_at > best[0].granted_at):
            best = (g, status, key)
    if best is None:
        return None
    _, status, key = best
    what, hint = _LAPSE_TEXTS[status]
    return (
        _STATUS_CODES[status][0],
        f"the {key} grant covering {channel.value} {what}; no rule permits this message "
        "(fail closed)",
        hint,
    )


@rule("consent")
def consent(request: Request) -> Iterable[Outcome]:
    """
    Purpose and channel need a grant in force.

    Purpose and channel need a grant in force (``granted_at <= at < withdrawn_at`` and
    ``expires_at``; a pending double opt-in does not count) on a consent basis (or a
    contract, for relationship messages and surveys).  Implied bases count only through
    a jurisdiction pack's permit.  Transactional messages need no marketing consent, nor
    does a relationship message answering the contact's own inquiry (an ``inquired``
    interaction within the policy's ``inquiry_reply_days``).  An objection to direct
    marketing is absolute, and so is an unsubscribe from a channel for marketing,
    fundraising and consent requests on it (an ``unsubscribed`` interaction at or before
    the instant, without a channel for every channel) until a new opt-in given after it.
    A withdrawn grant covering the purpose and channel is an opt-out too, in every
    jurisdiction (opt-out regimes such as CAN-SPAM included), until a grant is given after
    the withdrawal.  An entry of the suppression list passed to
    :func:`~personal_touch.decide` naming the contact or one of its addresses denies what it
    bars (by default what an unsubscribe covers; possibly every purpose) from its ``since``
    on, whatever the history and the grants say, until it is removed from the list.
    """
    msg = request.message
    barred = _barred(request)
    if barred is not None:
        return (barred,)
    purpose = msg.purpose
    if purpose is _T:
        return (Permit("consent", "transactional", "a transactional message needs no consent"),)
    channel = msg.channel
    if (
        purpose in UNSUBSCRIBE_PURPOSES
        and request.history
        and (blocked := _unsubscribed(request)) is not None
    ):
        return (blocked,)
    if purpose in _CONTRACT_PURPOSES and answers_inquiry(request):
        return (
            Permit(
                "consent",
                "inquiry_reply",
                "an answer to the contact's own recent inquiry needs no marketing consent",
            ),
        )
    keys = PURPOSE_KEYS[purpose]
    implied = False
    for key in keys:
        found = request.grants_for(key, channel)
        if found:
            usable = tuple(g for g in found if _accepted(g, purpose))
            if usable:
                return (
                    memo(
                        _PERMITS,
                        (id(found), key, channel, purpose),
                        found,
                        lambda key=key, usable=usable: Permit(
                            "consent",
                            "consent_in_force",
                            f"a {key} grant covering {channel.value} is in force",
                            usable,
                        ),
                    ),
                )
            implied = True
    out: list[Outcome] = []
    if implied:
        out.append(
            Note(
                "consent",
                "implied_basis",
                "a grant on an implied basis counts only where the contact's law accepts it",
            )
        )
    covering = [g for g in request.ledger if any(g.covers(k, channel) for k in keys)]
    if purpose in UNSUBSCRIBE_PURPOSES and (opted_out := _withdrawn(request, covering)):
        return (opted_out,)
    for g in covering:
        status = g.status_at(request.at)
        if status in _STATUS_CODES:
            code, text = _STATUS_CODES[status]
            out.append(Note("consent", code, text))
    if not out:
        out.append(Note("consent", "consent_missing", "no grant covers this purpose and channel"))
    return out


_PERMITS: dict[object, object] = {}


# -- 2. stage ceiling --------------------------------------------------------------------


@rule("stage_ceiling")
def stage_ceiling(request: Request) -> Iterable[Outcome]:
    """
    Cap the level by the contact's stage and the message's authorship.

    The consent-creep ceiling: the policy's :class:`~personal_touch.rules.StageTable`
    caps the level by the contact's stage and the message's authorship.
    """
    msg = request.message
    ceiling = request.policy.stage_table.ceiling(
        request.contact.stage, msg.authorship, inquiry=answers_inquiry(request)
    )
    if RANK[ceiling._value_] >= RANK[msg.level._value_]:
        return ()
    return (
        Cap(
            "stage_ceiling",
            "stage_ceiling",
            f"{msg.authorship.value} messages to contacts at stage "
            f"{request.contact.stage.value} may be at most {ceiling.value}",
            ceiling,
            hint="a later stage or a person writing the message allows more",
        ),
    )


# -- 3. personalization permission -------------------------------------------------------


def _covers_fact(grants: Iterable[ConsentGrant], fact: Fact) -> bool:
    return any(g.scope is None or g.scope.covers_fact(fact.key, fact.sensitivity) for g in grants)


@rule("personalization")
def personalization(request: Request) -> Iterable[Outcome]:
    """
    Above CUSTOMIZED needs permission.

    Above CUSTOMIZED needs permission: a ``personalization.behaviour`` or
    ``personalization.profile`` consent allows CONTEXTUAL, a ``personalization.profile``
    consent allows PERSONAL and beyond, and a basis the contact's law accepts for
    personalization (legitimate interest in the EU and UK) allows what the pack says
    (CONTEXTUAL).  PERSONAL facts must lie in a profile consent's scope.  A person
    answering the contact's own inquiry is not capped.
    """
    msg = request.message
    wanted = msg.level
    if RANK[wanted._value_] <= _CUSTOMIZED:
        return ()
    profile = request.grants_for(Purpose.PERSONALIZATION_PROFILE)
    consented = tuple(g for g in profile if g.basis in CONSENT_BASES)
    out: list[Outcome] = []
    if consented:
        if RANK[wanted._value_] < _PERSONAL:
            return ()  # below PERSONAL the engine withholds personal facts anyway
        for key in message_keys(msg)[0]:
            for fact in exposed_facts(request, key):
                if fact_level(fact) is Level.PERSONAL and not _covers_fact(consented, fact):
                    out.append(
                        Withhold(
                            "personalization",
                            "outside_personalization_scope",
                            f"fact {fact.key} lies outside the personalization consent's scope",
                            fact.key,
                        )
                    )
        return out
    if msg.authorship is Authorship.HUMAN and answers_inquiry(request):
        return (
            Note(
                "personalization",
                "inquiry_reply",
                "a person answering the contact's own inquiry needs no personalization grant",
            ),
        )
    ceiling = Level.CUSTOMIZED
    behaviour = request.grants_for(Purpose.PERSONALIZATION_BEHAVIOUR)
    if any(g.basis in CONSENT_BASES for g in behaviour):
        ceiling = Level.CONTEXTUAL
    bases = request.personalization_bases
    if bases:
        for g in profile + behaviour:
            allowed = bases.get(g.basis.value)
            if allowed is not None and RANK[allowed._value_] > RANK[ceiling._value_]:
                ceiling = allowed
    if RANK[ceiling._value_] >= RANK[wanted._value_]:
        return ()
    needed = "PERSONAL" if ceiling >= Level.CONTEXTUAL else wanted.value.upper()
    return (
        Cap(
            "personalization",
            "personalization_not_permitted",
            f"no personalization grant allows more than {ceiling.value}",
            ceiling,
            hint=f"{needed} needs a {Purpose.PERSONALIZATION_PROFILE} grant"
            if needed != "CONTEXTUAL"
            else f"CONTEXTUAL needs a {Purpose.PERSONALIZATION_BEHAVIOUR} grant",
        ),
    )


# -- 4. facts ----------------------------------------------------------------------------


def _explicit(request: Request, sensitivity: Sensitivity, key: str) -> bool:
    purpose = Purpose.sensitive(sensitivity)
    for g in request.in_force:
        if g.basis is not LawfulBasis.EXPLICIT_CONSENT or not g.covers(purpose):
            continue
        named = g.purpose == purpose or (
            g.scope is not None and sensitivity in g.scope.sensitivities
        )
        if named and (g.scope is None or g.scope.covers_fact(key, sensitivity)):
            return True
    return False


def _content_problem(request: Request, fact: Fact) -> tuple[str, str] | None:
    key = fact.key
    special = fact.sensitivity is not Sensitivity.ORDINARY
    prov = fact.provenance
    if prov is Provenance.INFERRED and special:
        return (
            "inferred_special_category",
            f"fact {key} is an inferred {fact.sensitivity.value} fact and is never used",
        )
    prefs = request.contact.preferences
    if (prefs.excluded_topics or prefs.excluded_sensitivities) and prefs.excludes(fact):
        return "excluded_by_contact", f"the contact asked us not to use facts like {key}"
    if prov is Provenance.INFERRED and not request.policy.use_inferred_facts:
        return "inferred_fact", f"fact {key} is inferred; inferences never address a person"
    max_age = request.policy.fact_max_age.get(prov._value_)
    if max_age is not None and request.timestamp - fact_stamps(fact)[1] > max_age * _DAY:
        return "fact_stale", f"fact {key} is older than {max_age} days"
    if special and not _explicit(request, fact.sensitivity, key):
        return (
            "special_category_needs_explicit_consent",
            f"fact {key} is {fact.sensitivity.value} data and needs explicit consent "
            "for that category",
        )
    if prov is Provenance.THIRD_PARTY and not request.grants_for(Purpose.THIRD_PARTY_ENRICHMENT):
        return "third_party_needs_basis", f"fact {key} came from a third party without a basis"
    return None


_EXPOSED: dict[tuple[int, str], tuple[Mapping[str, Fact], tuple[Fact, ...]]] = {}
_EXPOSED_MAX = 4096
_TARGETS: dict[object, object] = {}


def exposed_facts(request: Request, key: str) -> tuple[Fact, ...]:
    """
    The facts valid at the request's instant that content key *key* would expose.

    The fact under *key* itself and every fact below it (``shopping`` exposes
    ``shopping.prediction``), ordered by key: a parent key covers its children only if
    each of them is vetted on its own.

    .. versionadded:: 0.1.0
    """
    facts = request.facts
    hit = _EXPOSED.get((id(facts), key))
    if hit is not None and hit[0] is facts:
        return hit[1]
    found = _under(facts, key)
    if len(_EXPOSED) >= _EXPOSED_MAX:
        _EXPOSED.clear()
    _EXPOSED[id(facts), key] = (facts, found)
    return found


def _under(facts: Mapping[str, Fact], key: str) -> tuple[Fact, ...]:
    below = key + "."
    return tuple(facts[k] for k in sorted([k for k in facts if k == key or k.startswith(below)]))


def _targeted(request: Request, key: str) -> tuple[Fact, ...]:
    """
    The facts a targeting key *key* selects by.

    For it and each key below it: the valid fact, else the latest recorded one (an expired
    inference still chose the recipient).
    """
    contact = request.contact
    keys = memo(
        _TARGETS,
        (id(contact.known_facts), key),
        contact.known_facts,
        lambda: tuple(sorted({f.key for f in contact.known_facts if f.is_under(key)})),
    )
    available = request.facts
    out = []
    for k in keys:
        fact = available.get(k) or contact.fact(k)
        if fact is not None:
            out.append(fact)
    return tuple(out)


def _target_problem(request: Request, fact: Fact) -> Deny | None:
    key = fact.key
    if fact.sensitivity is not Sensitivity.ORDINARY:
        if fact.provenance is Provenance.INFERRED:
            return Deny(
                "facts",
                "targeting_on_sensitive_inference",
                f"the recipient was chosen by an inferred {fact.sensitivity.value} fact ({key})",
                hint="never select people by inferred special-category facts",
            )
        if not _explicit(request, fact.sensitivity, key):
            return Deny(
                "facts",
                "targeting_on_special_category",
                f"the recipient was chosen by {fact.sensitivity.value} data ({key}) "
                "without explicit consent",
                hint=f"targeting on {key} needs a {Purpose.sensitive(fact.sensitivity)} grant",
            )
    prefs = request.contact.preferences
    if (prefs.excluded_topics or prefs.excluded_sensitivities) and prefs.excludes(fact):
        return Deny(
            "facts",
            "targeting_on_excluded_topic",
            f"the recipient was chosen by a fact the contact excluded ({key})",
        )
    return None


@rule("facts")
def facts(request: Request) -> Iterable[Outcome]:
    """
    Decide which facts may fill content and which may select the recipient.

    Every key a message names is vetted together with every key below it: a child key is
    a fact of its own.  Which content facts may be used: inferred facts never address a
    person by default; special-category facts need explicit consent scoped to the
    category; inferred special-category facts are never used, and targeting on one (or on
    a parent key of one) denies the message (the pregnancy-prediction failure); expired,
    too old, excluded and unsupported third-party facts are withheld.
    """
    msg = request.message
    out: list[Outcome] = []
    content, targeting = message_keys(msg)
    for key in targeting:
        for fact in _targeted(request, key):
            denial = _target_problem(request, fact)
            if denial is not None:
                out.append(denial)
    for key in content:
        found = exposed_facts(request, key)
        if not found:
            known = request.contact.fact(key)
            if (
                known is not None
                and known.valid_until is not None
                and fact_stamps(known)[2] <= request.timestamp
            ):
                code, text = "fact_expired", f"fact {key} is no longer valid"
            else:
                code, text = "fact_unknown", f"no valid fact {key} is known"
            out.append(Withhold("facts", code, text, key))
            continue
        for fact in found:
            problem = _content_problem(request, fact)
            if problem is not None:
                out.append(Withhold("facts", problem[0], problem[1], fact.key))
    return out


# -- 5. preferences ----------------------------------------------------------------------


def _topic_excluded(topic: str, excluded: frozenset[str]) -> bool:
    return any(topic == t or topic.startswith(t + ".") for t in excluded)


@rule("preferences")
def preferences(request: Request) -> Iterable[Outcome]:
    """
    The person defines their experience.

    The person defines their experience: blocked channels (for every purpose, even
    transactional), their ``max_level``, a pause (nothing but transactional messages until
    ``paused_until``) and excluded topics.
    """
    prefs = request.contact.preferences
    msg = request.message
    out: list[Outcome] = []
    if msg.channel in prefs.blocked_channels:
        out.append(
            Deny(
                "preferences",
                "channel_blocked",
                f"the contact blocked the {msg.channel.value} channel",
                hint="use a channel the contact has not blocked",
            )
        )
    if prefs.max_level is not None and RANK[prefs.max_level._value_] < RANK[msg.level._value_]:
        out.append(
            Cap(
                "preferences",
                "contact_max_level",
                f"the contact wants messages no more personal than {prefs.max_level.value}",
                prefs.max_level,
            )
        )
    if msg.purpose is not _T:
        paused = prefs.paused_until
        if paused is not None and request.at < paused:
            out.append(
                Defer(
                    "preferences", "paused", "the contact paused non-transactional messages", paused
                )
            )
        if msg.topic is not None and _topic_excluded(msg.topic, prefs.excluded_topics):
            out.append(
                Deny(
                    "preferences",
                    "topic_excluded",
                    f"the contact excluded the topic {msg.topic}",
                )
            )
    return out


# -- 6. honesty --------------------------------------------------------------------------


@rule("honesty")
def honesty(request: Request) -> Iterable[Outcome]:
    """
    Never fake one-to-one attention.

    Never fake one-to-one attention: an automated message claiming personal authorship is
    denied, never reaches INDIVIDUAL, and above CUSTOMIZED discloses that it is automated;
    a message using a personal fact says where we learned it.
    """
    msg = request.message
    above_customized = RANK[msg.level._value_] > _CUSTOMIZED
    out: list[Outcome] = []
    if msg.authorship is Authorship.AUTOMATED:
        if msg.authorship_claims:
            out.append(
                Deny(
                    "honesty",
                    "automated_claims_personal_authorship",
                    "an automated message claims personal authorship or attention ("
                    + ", ".join(sorted(msg.authorship_claims))
                    + ")",
                    hint="remove the claims or have a person write the message",
                )
            )
        if msg.level is Level.INDIVIDUAL:
            out.append(
                Cap(
                    "honesty",
                    "automated_not_individual",
                    "automated messages are never individual",
                    Level.PERSONAL,
                    hint="INDIVIDUAL needs a person writing the message",
                )
            )
        if above_customized:
            out.append(_AUTOMATED_NOTICE)
    if RANK[msg.level._value_] >= _PERSONAL:  # personal facts need PERSONAL to be used
        tz = request.contact.calendar_zone
        for key in message_keys(msg)[0]:
            for fact in exposed_facts(request, key):
                if fact_level(fact) is Level.PERSONAL:
                    out.append(memo(_SOURCES, (id(fact), tz), fact, lambda f=fact: _source(f, tz)))
    return out


_SOURCES: dict[object, object] = {}
_AUTOMATED_NOTICE = Disclose(
    "honesty",
    "automated_disclosure",
    "an automated message above customized says it is automated",
    Disclosure(DisclosureCode.AUTOMATED_MESSAGE),
    if_level_above=Level.CUSTOMIZED,
)


def _source(fact: Fact, tz: str) -> Disclose:
    return Disclose(
        "honesty",
        "fact_source",
        f"a message using fact {fact.key} says where we learned it",
        Disclosure(
            DisclosureCode.FACT_SOURCE,
            {
                "key": fact.key,
                "topic": fact.topic,
                "provenance": fact.provenance.value,
                "date": fact.recorded_at.astimezone(timezone(tz)).date().isoformat(),
            },
        ),
        if_fact_used=fact.key,
    )


# -- 7. timing ---------------------------------------------------------------------------

#: Channels quiet hours do not apply to (a letter does not ring at night).
UNTIMED_CHANNELS = frozenset({Channel.POST, Channel.IN_PERSON})


@rule("timing")
def timing(request: Request) -> Iterable[Outcome]:
    """
    Defer messages out of quiet hours in every zone the contact may be in.

    Quiet hours (the contact's, else the policy's default 21:00 to 08:00, start inclusive,
    end exclusive) on the contact's wall clock: inside them the message is deferred to the
    first instant they end, correct across DST.  Without a contact zone they must be over
    in every zone of the jurisdiction; with neither known the message is denied (no guess).
    Transactional messages, post and in-person meetings are exempt.
    """
    msg = request.message
    if msg.purpose is _T or msg.channel in UNTIMED_CHANNELS:
        return ()
    times = request.local_times
    if not times:
        return (_NO_ZONE,)
    quiet = request.contact.preferences.quiet_hours or request.policy.quiet_hours
    start, end = quiet.start, quiet.end
    latest: pendulum.DateTime | None = None
    for local in times:
        t = dt.time(local.hour, local.minute, local.second, local.microsecond)
        if (start <= t < end) if start <= end else (t >= start or t < end):
            nb = next_wall_time(local, end, local.tzinfo or dt.UTC)
            if latest is None or nb > latest:
                latest = nb
    if latest is None:
        return ()
    where = (
        "in the contact's time zone"
        if request.contact.timezone is not None
        else "in a time zone of the contact's jurisdiction"
    )
    return (
        Defer(
            "timing",
            "quiet_hours",
            f"it is quiet hours ({start.isoformat('minutes')} to "
            f"{end.isoformat('minutes')}) {where}",
            latest,
            hint=None if request.contact.timezone is not None else _SET_ZONE,
        ),
    )


_SET_ZONE = "set Contact.timezone"
_NO_ZONE = Deny(
    "timing",
    "unknown_time_zone",
    "neither the contact's time zone nor their jurisdiction is known, "
    "so quiet hours cannot be respected",
    hint=_SET_ZONE,
)


# -- 8. frequency ------------------------------------------------------------------------


def _period_start(day: dt.date, period: str) -> tuple[dt.date, dt.date]:
    if period == "day":
        return day, day + dt.timedelta(days=1)
    if period == "week":
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=7)
    start = day.replace(day=1)
    nxt = (start + dt.timedelta(days=32)).replace(day=1)
    return start, nxt


@rule("frequency")
def frequency(request: Request) -> Iterable[Outcome]:
    """
    The contact's own caps per channel and period.

    The contact's own caps per channel and period, counting messages sent, calls and
    meetings in their history by their local calendar (days from local midnight, weeks
    from Monday, calendar months).  A full period defers to the start of the next one;
    transactional messages are exempt and not counted.  Without a contact zone the cap
    must hold on the calendar of every zone of the jurisdiction.
    """
    limits = request.contact.preferences.frequency_limits
    msg = request.message
    if not limits or msg.purpose is _T:
        return ()
    times = request.local_times or (request.local,)
    out: list[Outcome] = []
    for limit in limits:
        if limit.channel is not None and limit.channel is not msg.channel:
            continue
        latest: pendulum.DateTime | None = None
        for local in times:
            tz = local.tzinfo or dt.UTC
            first, nxt = _period_start(local.date(), limit.period.value)
            hi = wall_instant(nxt, dt.time(0), tz)
            lo_t = wall_instant(first, dt.time(0), tz).timestamp()
            hi_t = hi.timestamp()
            count = 0
            history, stamps = request.history, request.history_stamps
            if len(stamps) == len(history):  # oldest first: only the period is read
                lo, hi_i = bisect_left(stamps, lo_t), bisect_left(stamps, hi_t)
                history, stamps = history[lo:hi_i], stamps[lo:hi_i]
            for h, t in zip(history, stamps, strict=False):
                if (
                    lo_t <= t < hi_t
                    and h.kind.is_touch
                    and h.purpose != "transactional"
                    and (limit.channel is None or h.channel is limit.channel)
                ):
                    count += 1
            if count >= limit.count and (latest is None or hi > latest):
                latest = hi
        if latest is None:
            continue
        where = limit.channel.value if limit.channel is not None else "all channels"
        text = f"the contact's cap of {limit.count} per {limit.period.value} on {where} is reached"
        if limit.count == 0:
            out.append(Deny("frequency", "frequency_zero", text))
        else:
            out.append(Defer("frequency", "frequency_cap", text, latest))
    return out


# -- 9. dial-back ------------------------------------------------------------------------


@rule("dial_back")
def dial_back(request: Request) -> Iterable[Outcome]:
    """
    Recent negative reactions lower the ceiling for a while.

    Recent negative reactions (felt intrusive, a complaint, an unsubscribe) cap the level
    for a cooling-off period (the policy's ``dial_back`` table); afterwards it recovers.
    """
    history = request.history
    if not history or _NEGATIVE_VALUES.isdisjoint(history_kinds(history)):
        return ()
    now = request.timestamp
    latest: dict[InteractionKind, float] = {}
    stamps = request.history_stamps
    if len(stamps) == len(history):
        # Oldest first: read back from the instant until every negative kind the history
        # holds is found (the first one back is the latest).
        present = _NEGATIVE_VALUES.intersection(history_kinds(history))
        for i in range(bisect_right(stamps, now) - 1, -1, -1):
            kind = history[i].kind
            if kind in _NEGATIVE and kind not in latest:
                latest[kind] = stamps[i]
                if len(latest) == len(present):
                    break
    else:
        negatives = memo(
            _NEGATIVES,
            id(history),
            history,
            lambda: tuple(
                (h.kind, t) for h, t in zip(history, stamps, strict=False) if h.kind in _NEGATIVE
            ),
        )
        for kind, t in negatives:
            if t <= now:
                latest[kind] = t
    if not latest:
        return ()
    wanted = request.message.level
    out: list[Outcome] = []
    for d in request.policy.dial_back:
        if RANK[d.level._value_] >= RANK[wanted._value_]:
            continue
        last = latest.get(d.kind)
        if last is not None and now < last + d.days * _DAY:
            out.append(
                Cap(
                    "dial_back",
                    f"dial_back_{d.kind.value}",
                    f"a recent '{d.kind.value}' reaction caps the level at "
                    f"{d.level.value} for {d.days} days",
                    d.level,
                    hint="the cap lifts when the cooling-off period ends",
                )
            )
    return out


#: The core rules, in the order the default policy runs them.
CORE_RULES: tuple[FunctionRule, ...] = (
    consent,
    stage_ceiling,
    personalization,
    facts,
    preferences,
    honesty,
    timing,
    frequency,
    dial_back,
)
