"""
The core facts rule: which facts may fill content and which may select the recipient.
"""

from __future__ import annotations

import bisect
import itertools
from typing import TYPE_CHECKING

from ..._consent import LawfulBasis, Purpose
from ..._facts import Fact, Provenance, Sensitivity
from .._fast import DAY, fact_stamps, message_keys
from .._model import Deny, Tag, Withhold, rule, shared

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .._model import Outcome, Request

__all__ = ["exposed_facts", "facts"]


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
    special = fact.sensitivity is not _ORDINARY
    prov = fact.provenance
    if prov is _INFERRED and special:
        return (
            "inferred_special_category",
            f"fact {key} is an inferred {fact.sensitivity.value} fact and is never used",
        )
    prefs = request.contact.preferences
    if (prefs.excluded_topics or prefs.excluded_sensitivities) and prefs.excludes(fact):
        return "excluded_by_contact", f"the contact asked us not to use facts like {key}"
    if prov is _INFERRED and not request.policy.use_inferred_facts:
        return "inferred_fact", f"fact {key} is inferred; inferences never address a person"
    max_age = request.policy.fact_max_age.get(prov._value_)
    if max_age is not None and request.timestamp - fact_stamps(fact)[1] > max_age * DAY:
        return "fact_stale", f"fact {key} is older than {max_age} days"
    if special and not _explicit(request, fact.sensitivity, key):
        return (
            "special_category_needs_explicit_consent",
            f"fact {key} is {fact.sensitivity.value} data and needs explicit consent "
            "for that category",
        )
    if prov is _THIRD_PARTY and not request.grants_for(Purpose.THIRD_PARTY_ENRICHMENT):
        return "third_party_needs_basis", f"fact {key} came from a third party without a basis"
    return None


# Enum members as module constants: reading one from its class runs Python code (3.11).
_ORDINARY = Sensitivity.ORDINARY
_INFERRED, _THIRD_PARTY = Provenance.INFERRED, Provenance.THIRD_PARTY


_EXPOSED = Tag("exposed facts")
_TARGETS = Tag("targeted keys")
_KEYS = (Tag("sorted fact keys"),)


def exposed_facts(request: Request, key: str) -> tuple[Fact, ...]:
    """
    The facts valid at the request's instant that content key *key* would expose.

    The fact under *key* itself and every fact below it (``shopping`` exposes
    ``shopping.prediction``), ordered by key: a parent key covers its children only if
    each of them is vetted on its own.

    .. versionadded:: 0.1.0
    """
    memo = request._memo  # shared() inlined: the hottest memo of a decision
    found: tuple[Fact, ...] | None = memo.get((_EXPOSED, key))
    if found is None:
        found = memo[_EXPOSED, key] = _under(request, key)
    return found


def _under(request: Request, key: str) -> tuple[Fact, ...]:
    facts = request.facts
    keys: list[str] = shared(request, _KEYS, lambda: sorted(facts))
    found = [facts[key]] if key in facts else []
    below = key + "."
    # The keys below *key* follow one another in sorted order, after *key* itself.
    for k in itertools.islice(keys, bisect.bisect_left(keys, below), None):
        if not k.startswith(below):
            break
        found.append(facts[k])
    return tuple(found)


def _targeted(request: Request, key: str) -> tuple[Fact, ...]:
    """
    The facts a targeting key *key* selects by.

    For it and each key below it: the valid fact, else the latest recorded one (an expired
    inference still chose the recipient).
    """
    contact = request.contact
    keys = shared(
        request,
        (_TARGETS, key),
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
    content, targeting = message_keys(request.message)
    # The outcomes depend on the message only through its keys: remembered by the snapshot
    # for every message naming the same keys at the same instant.
    found: tuple[Outcome, ...] = shared(
        request,
        (_VETTED, content, targeting, request.timestamp),
        lambda: _vet(request, content, targeting),
    )
    return found


_VETTED = Tag("vetted facts")


def _vet(
    request: Request, content: tuple[str, ...], targeting: tuple[str, ...]
) -> tuple[Outcome, ...]:
    """The outcomes of the facts rule for a message naming *content* and *targeting* keys."""
    out: list[Outcome] = []
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
    return tuple(out)
