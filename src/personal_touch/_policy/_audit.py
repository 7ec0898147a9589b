"""
The audit id of a decision: canonical texts of its inputs, digested.

A decision's id is a BLAKE2b digest of everything a rule may read (the policy and packs that
applied, the contact's fields and facts, the instant, the message, the grants, the history
and the suppressions) and of the decision itself.  It names inputs by canonical texts that
are stable across processes (sets sorted, never ``hash()`` or ``repr()`` of a set), and
holds ids, not personal data.  The parts that depend only on the contact's own data are
digested once per prepared snapshot (:class:`AuditInputs`), not once per message.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import operator
from collections.abc import Iterable
from collections.abc import Mapping as Mapping_
from itertools import repeat
from typing import TYPE_CHECKING, cast

import attrs
import pendulum

from .._consent import Obtained
from .._facts import facts_digest
from .._history import HistoryIndex
from ._fast import stamp

if TYPE_CHECKING:
    from .._consent import ConsentGrant, ConsentLedger, Evidence, GrantScope
    from .._contacts import Contact
    from .._decision import ApprovedFact, Reason, Verdict, WithheldFact
    from .._interactions import Interaction
    from .._levels import Level
    from .._message import Message
    from .._suppression import Suppression

__all__ = [
    "AuditInputs",
    "approval_text",
    "audit_inputs",
    "decision_id",
    "deep_text",
    "message_text",
    "ts_text",
]


@attrs.frozen
class AuditInputs:
    """
    The digested texts of one contact's inputs, computed once per prepared snapshot.

    Attributes:
        contact: The contact's fields (all a rule may read) and the digest of its facts.
        inputs: The digests of the ledger and the history, and the suppressions' text.
        facts_digest: The digest of the contact's whole fact set (a decision field).
    """

    contact: str
    inputs: str
    facts_digest: str


def audit_inputs(
    contact: Contact,
    ledger: ConsentLedger,
    history: tuple[Interaction, ...],
    stamps: tuple[float, ...],
    suppressions: tuple[Suppression, ...],
    *,
    fact_set: str | None = None,
) -> AuditInputs:
    """
    The audit texts of a contact's inputs.

    *history* is the contact's own, oldest first; *stamps* its instants in epoch seconds (of
    another length to have them computed); *fact_set* the :func:`facts_digest` of the
    contact's facts if known.
    """
    if fact_set is None:
        fact_set = facts_digest(contact.known_facts)
    parts = [ledger_digest(ledger), history_digest(history, stamps)]
    if suppressions:
        parts.append("\x1e".join(map(_suppression_canon, suppressions)))
    return AuditInputs(
        contact="\x1f".join((_contact_canon(contact), fact_set)),
        inputs="\x1f".join(parts),
        facts_digest=fact_set,
    )


def decision_id(
    policy_digest: str,
    audit: AuditInputs,
    timestamp: float,
    message: str,
    *,
    verdict: Verdict,
    level: Level,
    not_before: pendulum.DateTime | None,
    approved: Iterable[str],
    withheld: Iterable[WithheldFact],
    reasons: Iterable[Reason],
) -> str:
    """
    The id of a decision.

    *message* is :func:`message_text` of its message, *approved* the texts of its approved
    facts (``key@recorded#digest``).
    """
    parts = [policy_digest, audit.contact, repr(timestamp), message, audit.inputs]
    parts.append(verdict._value_)
    parts.append(level._value_)
    parts.append(ts_text(not_before))
    parts.extend(approved)
    parts.extend([w.key + ":" + w.code for w in withheld])
    parts.extend([r.rule + ":" + r.code for r in reasons])
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()


def ts_text(value: dt.datetime | None) -> str:
    """An instant's epoch seconds as text; ``""`` for ``None``."""
    return "" if value is None else repr(stamp(value))


def approval_text(approved: ApprovedFact) -> str:
    """The text of an approved fact in the decision id: ``key@recorded#digest``."""
    return f"{approved.key}@{stamp(approved.recorded_at)!r}#{approved.digest}"


# -- grants, history, suppressions, message ----------------------------------------------


def _grant_canon(g: ConsentGrant) -> str:
    ev = g.evidence
    return "|".join(
        (
            g.id,
            g.purpose,
            g.basis.value,
            ",".join(sorted(c.value for c in g.channels)),
            ts_text(g.granted_at),
            ts_text(g.expires_at),
            ts_text(g.withdrawn_at),
            ts_text(g.confirmed_at),
            str(g.requires_confirmation),
            _scope_canon(g.scope),
            "" if ev is None else f"{ev.notice_id}@{ev.notice_version}",
            *_obtained_canon(ev),
        )
    )


def _obtained_canon(ev: Evidence | None) -> tuple[str, ...]:
    # Who obtained a consent and how a parent was verified change decisions, so they are in
    # the id; the defaults add nothing, so earlier ids stay as they were.
    if ev is None or (ev.obtained is Obtained.DIRECT and ev.verification is None):
        return ()
    return (
        ev.obtained.value,
        ev.partner or "",
        ",".join(sorted(ev.named_senders)),
        "" if ev.verification is None else ev.verification.value,
    )


def _scope_canon(scope: GrantScope | None) -> str:
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


def interaction_canon(h: Interaction) -> str:
    """The canonical text of one interaction (what :func:`history_digest` digests)."""
    return "|".join(
        (
            h.kind.value,
            ts_text(h.at),
            "" if h.channel is None else h.channel.value,
            h.purpose or "",
            "" if h.level is None else h.level.value,
            h.topic or "",
            h.message_id or "",
            h.moment_id or "",
        )
    )


def ledger_digest(ledger: ConsentLedger) -> str:
    """The digest of every grant of *ledger*, in its order."""
    text = "\x1e".join(map(_grant_canon, ledger))
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def history_digest(history: tuple[Interaction, ...], stamps: tuple[float, ...]) -> str:
    """
    The digest of *history* (*stamps* its epoch seconds): of each ``interaction_canon``.

    Computed once per :class:`~personal_touch._history.HistoryIndex` (and kept in it); an
    index made from a :class:`~personal_touch.HistorySummary` is digested by the summary's
    own digest, maintained as interactions are added (a different text, so a decision from
    a summary has another id than one from the whole history).
    """
    if type(history) is HistoryIndex:
        if history.summary_digest is not None:
            return "summary:" + history.summary_digest
        found = history.digest_cache
        if found is None:
            found = history.digest_cache = _history_digest(history, history.stamps)
        return found
    return _history_digest(history, stamps)


def _history_digest(history: tuple[Interaction, ...], stamps: tuple[float, ...]) -> str:
    """
    The digest of *history* built column by column in C, from epoch seconds.

    Attribute getters, ``map`` and ``str.join`` make the same text as joining
    ``interaction_canon`` of each interaction.
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
    text = "|".join(
        (
            s.contact_id or "",
            s.address_digest or "",
            "" if s.channel is None else s.channel.value,
            ",".join(sorted(p.value for p in s.purposes)),
            s.reason.value,
            ts_text(s.since),
        )
    )
    # A subscription scope only when set: the ids of decisions on unscoped entries stay.
    return text if s.subscription is None else f"{text}|{s.subscription}"


def message_text(m: Message) -> str:
    """
    The canonical text of a message, as the decision id reads it.

    The keys it asks for come last, only when it asks for any: ids of messages that ask
    nothing stay what they were before :attr:`Message.asks` existed.
    """
    asks = (sorted(m.asks),) if m.asks else ()
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
            *asks,
        )
    )


# -- the contact -------------------------------------------------------------------------

_PLAIN = frozenset({str, bool, int, float, type(None)})


def deep_text(value: object) -> str:
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
        return "{" + ",".join(sorted(deep_text(v) for v in value)) + "}"
    if isinstance(value, (tuple, list)):
        return "(" + ",".join(deep_text(v) for v in value) + ")"
    if isinstance(value, Mapping_):
        return "{" + ",".join(f"{k!r}:{deep_text(value[k])}" for k in sorted(value)) + "}"
    if attrs.has(type(value)):
        return _deep_attrs(value)
    return type(value).__name__ + ":" + str(value)


def _deep_attrs(value: object) -> str:
    cls = type(value)
    names = _NAMES.get(cls)
    if names is None:
        names = _NAMES[cls] = tuple(a.name for a in attrs.fields(cls))  # type: ignore[arg-type]
    return cls.__name__ + "(" + ",".join(deep_text(getattr(value, n)) for n in names) + ")"


#: The field names of each attrs class read (by class: a few dozen entries at most).
_NAMES: dict[type, tuple[str, ...]] = {}

#: Contact fields no rule reads (names and addresses), and the facts (digested on their own).
#: Of ``company`` rules read only whether it is set (a corporate subscriber): that is read below.
_UNREAD = frozenset({"name", "company", "contact_points", "facts"})


def _contact_canon(contact: Contact) -> str:
    # Everything a rule may read about the contact: its fields (preferences, privacy
    # signals, birth date...); the facts are digested on their own.
    names = _READ.get(type(contact))
    if names is None:
        names = _READ[type(contact)] = tuple(
            a.name for a in attrs.fields(type(contact)) if a.init and a.name not in _UNREAD
        )
    out = []
    for name in names:
        v = getattr(contact, name)
        out.append(v if v.__class__ is str else deep_text(v))
    if getattr(contact, "company", None) is not None:
        out.append("corporate")
    return "|".join(out)


#: The fields of each contact class that the id reads (by class: a handful of entries).
_READ: dict[type, tuple[str, ...]] = {}
