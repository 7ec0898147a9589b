"""
One learning pass over one contact: routes signals to facts and records each change.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from .._facts import Fact, Provenance, Sensitivity
from .._time import stamp
from ._fold import (
    Item,
    counter_noun,
    fold_counter,
    fold_interest,
    learned_provenance,
    new_items,
    phrase,
)
from ._learned import Change, ChangeKind, SkipReason
from ._shapes import answer_key, is_ours, learned_fact, stated_value, with_confidence
from ._signal import SignalKind
from ._strength import interest_strength, plain, strength_at
from ._trips import trip_fact

if TYPE_CHECKING:
    import pendulum

    from .._contacts import Contact
    from ._rules import LearningRules

__all__ = ["Learner"]

_SEGMENT = re.compile(r"[a-z0-9_]+")
_NOT_SEGMENT = re.compile(r"[^a-z0-9_]+")
_NOT_LEARNED = SkipReason.NOT_LEARNED
_new = object.__new__
_set = object.__setattr__


class Learner:
    """
    The state of one :func:`~personal_touch.learn` call: facts by key, work, changes.
    """

    def __init__(
        self, contact: Contact, rules: LearningRules, at: pendulum.DateTime, horizon: float
    ) -> None:
        self._contact = contact
        self._rules = rules
        self._at = at
        self._horizon = horizon
        self._when = stamp(at)
        self._by_key: dict[str, list[Fact]] = {}
        for fact in contact.facts:
            self._by_key.setdefault(fact.key, []).append(fact)
        self._interests: dict[str, list[Item]] = {}
        self._counters: dict[str, list[Item]] = {}
        self._stated: dict[str, list[Item]] = {}
        self._trips: dict[str, list[Item]] = {}
        self._removed: set[int] = set()
        self._added: dict[str, Fact] = {}
        self._changes: list[Change] = []
        #: Signals a fact had already counted, or an answer older than the one known.
        self.skips: list[tuple[Item, SkipReason]] = []
        self._sensitivity: dict[str, Sensitivity] = {}
        self._tables = (
            dict(rules.weights),
            {k: v * 86400.0 for k, v in plain(rules.half_lives).items()},
        )

    # -- routing ---------------------------------------------------------------------------

    def route(self, items: list[Item]) -> list[tuple[Item, SkipReason]]:
        """
        Send each item to the fact it feeds; return those that feed none, with why.
        """
        left: list[tuple[Item, SkipReason]] = []
        weights = self._tables[0]
        interests, counters = self._interests, self._counters
        booked, preference = SignalKind.BOOKED_TRAVEL, SignalKind.STATED_PREFERENCE
        answered, purchased, returned = (
            SignalKind.ANSWERED,
            SignalKind.PURCHASED,
            SignalKind.RETURNED,
        )
        for item in items:
            signal = item[2]
            kind = signal.kind
            category = signal.category
            if kind in weights:
                if category is None:
                    left.append((item, SkipReason.INCOMPLETE))
                    continue
                found = interests.get(category)
                if found is None:
                    interests[category] = [item]
                else:
                    found.append(item)
                if kind is purchased or kind is returned:
                    head = "purchases." if kind is purchased else "returns."
                    counters.setdefault(head + category, []).append(item)
            elif kind is booked:
                self._trips.setdefault(self._trip_key(item), []).append(item)
            elif kind is preference and category is not None:
                self._stated.setdefault("interests." + category, []).append(item)
            elif kind is answered or kind is preference:
                key = answer_key(signal.subject)
                if key is None or signal.value is None:
                    left.append((item, SkipReason.INCOMPLETE))
                else:
                    self._stated.setdefault(key, []).append(item)
            else:
                left.append((item, _NOT_LEARNED))
        return left

    def _trip_key(self, item: Item) -> str:
        ident = item[2].id
        if ident is not None and _SEGMENT.fullmatch(ident):
            return "travel.trips." + ident
        text = item[1] if ident is None else ident
        digest = hashlib.blake2b(text.encode(), digest_size=4).hexdigest()
        readable = _NOT_SEGMENT.sub("_", (ident or "trip").lower()).strip("_")[:40]
        return f"travel.trips.{readable or 'trip'}_{digest}"

    # -- helpers ---------------------------------------------------------------------------

    def _category_sensitivity(self, key: str) -> Sensitivity:
        found = self._sensitivity.get(key)
        if found is None:
            found = self._rules.taxonomy.sensitivity_of(key) or Sensitivity.ORDINARY
            self._sensitivity[key] = found
        return found

    def _facts(self, key: str) -> list[Fact]:
        return self._by_key.get(key, [])

    def _learned(self, key: str) -> Fact | None:
        """Our own latest learned fact at *key*: observed or inferred, and shaped by us."""
        best: Fact | None = None
        for fact in self._facts(key):
            if is_ours(fact) and (best is None or fact.recorded_at >= best.recorded_at):
                best = fact
        return best

    def _stated_fact(self, key: str) -> Fact | None:
        """The latest stated fact at *key*, including one stated in this pass."""
        added = self._added.get(key)
        if added is not None and added.provenance is Provenance.STATED:
            return added
        best: Fact | None = None
        for fact in self._facts(key):
            if fact.provenance is Provenance.STATED and (
                best is None or fact.recorded_at >= best.recorded_at
            ):
                best = fact
        return best

    def _remove_learned(self, key: str) -> None:
        for fact in self._facts(key):
            if is_ours(fact):
                self._removed.add(id(fact))

    def _note(self, key: str, kind: ChangeKind, text: str, strength: float | None = None) -> None:
        # Built field by field: the key is ours, the kind a member, the text non-empty.
        change: Change = _new(Change)
        _set(change, "key", key)
        _set(change, "kind", kind)
        _set(change, "explanation", f"{key}: {text}")
        _set(change, "strength", strength)
        self._changes.append(change)

    @staticmethod
    def _label(sensitivity: Sensitivity) -> str:
        return "" if sensitivity is Sensitivity.ORDINARY else f" (inferred {sensitivity.value})"

    # -- the pass --------------------------------------------------------------------------

    def run(self) -> None:
        """
        Fold every routed group into its fact, then forget interests grown too weak.

        Statements go first, so behaviour in the same pass never outranks them.
        """
        for key in sorted(self._stated):
            self._statement(key, self._stated[key])
        for category in sorted(self._interests):
            self._interest(category, self._interests[category])
        for key in sorted(self._counters):
            self._counter(key, self._counters[key])
        for key in sorted(self._trips):
            self._trip(key, self._trips[key])
        self._expire()

    def _interest(self, category: str, items: list[Item]) -> None:
        key = "interests." + category
        if self._stated_fact(key) is not None:
            self.skips.extend((i, SkipReason.STATED_FACT) for i in items)
            return
        existing = self._learned(key)
        fresh, dupes = new_items(existing, items)
        self.skips.extend((d, SkipReason.DUPLICATE) for d in dupes)
        if not fresh:
            return
        value, counts = fold_interest(existing, fresh, self._tables, self._horizon)
        sensitivity = self._category_sensitivity(category)
        fact = self._fact(key, value, existing, fresh, sensitivity)
        now = strength_at(fact.value, self._when, self._rules)
        before = (
            None
            if existing is None
            else strength_at(
                existing.value,
                self._when,
                self._rules,
                stated=existing.provenance is Provenance.STATED,
            )
        )
        if now < self._rules.forget_below:
            if existing is not None:
                self._remove_learned(key)
                self._note(
                    key,
                    ChangeKind.EXPIRED,
                    f"{phrase(counts, fresh)}; strength below the threshold",
                )
            return
        if sensitivity is not Sensitivity.ORDINARY:
            fact = with_confidence(fact, now)
        self._put(key, fact)
        kind = (
            ChangeKind.ADDED
            if before is None
            else ChangeKind.STRENGTHENED
            if now >= before
            else ChangeKind.WEAKENED
        )
        shown = now if sensitivity is Sensitivity.ORDINARY else None
        self._note(key, kind, phrase(counts, fresh) + self._label(sensitivity), shown)

    def _fact(
        self,
        key: str,
        value: dict[str, Any],
        existing: Fact | None,
        fresh: list[Item],
        sensitivity: Sensitivity,
    ) -> Fact:
        latest = fresh[-1][2]  # sorted by instant, then key: the latest is last
        recorded = latest.at
        source = latest.source
        if existing is not None and existing.recorded_at > recorded:
            recorded, source = existing.recorded_at, existing.source
        return learned_fact(
            key,
            value,
            provenance=learned_provenance(sensitivity),
            recorded_at=recorded,
            sensitivity=sensitivity,
            source=source or (existing.source if existing is not None else None) or "signals",
        )

    def _put(self, key: str, fact: Fact) -> None:
        self._remove_learned(key)
        self._added[key] = fact

    def _counter(self, key: str, items: list[Item]) -> None:
        if self._stated_fact(key) is not None:
            return
        existing = self._learned(key)
        fresh, _ = new_items(existing, items)
        if not fresh:
            return
        category = key.partition(".")[2]
        sensitivity = self._category_sensitivity(category)
        fact = self._fact(
            key, fold_counter(existing, fresh, self._horizon), existing, fresh, sensitivity
        )
        self._put(key, fact)
        kind = ChangeKind.ADDED if existing is None else ChangeKind.UPDATED
        counts = {counter_noun(key): len(fresh)}
        self._note(key, kind, phrase(counts, fresh) + self._label(sensitivity))

    def _statement(self, key: str, items: list[Item]) -> None:
        t, dkey, signal = latest = max(items, key=lambda i: (i[0], i[1]))
        self.skips.extend((i, SkipReason.SUPERSEDED) for i in items if i is not latest)
        value = (
            stated_value(signal)
            if signal.kind is SignalKind.STATED_PREFERENCE and signal.category
            else signal.value
        )
        sensitivity = self._category_sensitivity(key.removeprefix("interests."))
        prior = self._stated_fact(key)
        if prior is not None and stamp(prior.recorded_at) >= t:
            same = prior.recorded_at == signal.at and prior.value == value
            reason = SkipReason.DUPLICATE if same else SkipReason.SUPERSEDED
            self.skips.append(((t, dkey, signal), reason))
            return
        fact = Fact(
            key=key,
            value=value,
            provenance=Provenance.STATED,
            recorded_at=signal.at,
            sensitivity=sensitivity,
            source=signal.source or "signals",
        )
        if key.startswith("interests."):
            self._remove_learned(key)
        self._added[key] = fact
        what = "stated a preference" if key.startswith("interests.") else "answered"
        kind = ChangeKind.ADDED if prior is None else ChangeKind.UPDATED
        self._note(key, kind, f"{what} ({fact.source})")

    def _trip(self, key: str, items: list[Item]) -> None:
        item = max(items, key=lambda i: (i[0], i[1]))
        for other in items:
            if other is not item:
                self.skips.append((other, SkipReason.SUPERSEDED))
        fact = trip_fact(self._contact, key, item[2], self._at)
        if fact is None:
            self.skips.append((item, SkipReason.BAD_TRIP))
            return
        existing = self._learned(key)
        if existing is not None and existing == fact:
            self.skips.append((item, SkipReason.DUPLICATE))
            return
        if existing is not None and existing.recorded_at > fact.recorded_at:
            self.skips.append((item, SkipReason.SUPERSEDED))
            return
        self._put(key, fact)
        kind = ChangeKind.ADDED if existing is None else ChangeKind.UPDATED
        self._note(key, kind, f"trip booked ({fact.source})")

    def _expire(self) -> None:
        rules, at = self._rules, self._at
        for fact in self._contact.facts:
            key = fact.key
            if (
                not is_ours(fact)
                or not key.startswith("interests.")
                or key in self._added
                or id(fact) in self._removed
                or not isinstance(fact.value, Mapping)
                or "scores" not in fact.value
            ):
                continue
            if interest_strength(fact, at=at, rules=rules) < rules.forget_below:
                self._removed.add(id(fact))
                days = max(0, (at - fact.recorded_at).days)
                self._note(
                    key,
                    ChangeKind.EXPIRED,
                    f"strength below the threshold, last seen {days} days ago",
                )

    # -- results ---------------------------------------------------------------------------

    def contact(self) -> Contact:
        """
        The contact after the pass (the same object when nothing changed).
        """
        if not self._removed and not self._added:
            return self._contact
        kept = [f for f in self._contact.facts if id(f) not in self._removed]
        added = [self._added[k] for k in sorted(self._added)]
        return attrs.evolve(self._contact, facts=(*kept, *added))

    def changes(self) -> tuple[Change, ...]:
        """
        The changes, in key order (then in the order they were made).
        """
        return tuple(sorted(self._changes, key=lambda c: c.key))
