"""
Thompson sampling over an experiment's arms, within what the policy permits.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Self

import attrs

from .._time import aware
from .._validators import integer, str_set, text
from ..exceptions import InvalidFieldError
from ._assignment import Decide, ineligibility
from ._model import Assignment, AssignmentStatus, Variant, variant_tuple

if TYPE_CHECKING:
    from .._contacts import Contact
    from .._message import Message
    from ._holdout import Holdout

__all__ = ["ArmPosterior", "Bandit", "sample_best"]


@attrs.frozen(kw_only=True)
class ArmPosterior:
    """
    What an arm's outcomes so far say about its rate: a Beta(1 + successes, 1 + failures).

    .. versionadded:: 0.4.0
    """

    key: str = attrs.field(validator=text("key"))
    successes: int = attrs.field(default=0, validator=integer("successes", low=0))
    failures: int = attrs.field(default=0, validator=integer("failures", low=0))

    @property
    def mean(self) -> float:
        """
        The posterior mean of the arm's rate.
        """
        return (1 + self.successes) / (2 + self.successes + self.failures)


def sample_best(
    rng: random.Random, alphas: Sequence[float], betas: Sequence[float], candidates: Iterable[int]
) -> int | None:
    """
    The candidate index whose Beta(alpha, beta) draw is highest (ties: the first), or ``None``.

    Draws once per candidate in the order given, so a seeded *rng* gives the same choice.

    .. versionadded:: 0.4.0
    """
    best, best_draw = None, -1.0
    for index in candidates:
        draw = rng.betavariate(alphas[index], betas[index])
        if draw > best_draw:
            best, best_draw = index, draw
    return best


def _stopped(values: Iterable[str]) -> frozenset[str]:
    return str_set(values, "stopped")


def _posteriors(values: Iterable[ArmPosterior]) -> tuple[ArmPosterior, ...]:
    return tuple(values)


@attrs.frozen(kw_only=True)
class Bandit:
    """
    Thompson sampling over arms: each new person gets the arm whose sampled rate is highest.

    Each arm's rate has a Beta posterior (a uniform prior updated by successes and
    failures).  Choosing draws from every *eligible*, not stopped arm's posterior and takes
    the highest, so arms that do well get more people while the others still get some.
    Randomness comes only from the ``random.Random`` you pass, so a seed makes every choice
    reproducible.  An arm stopped by a guardrail (:meth:`stop`) gets nobody new.

    Args:
        key: The bandit's key (exposures carry it as their experiment).
        variants: The arms.
        posteriors: What each arm's outcomes say so far (an arm without one has none yet).
        stopped: Keys of arms that get nobody new.

    >>> import random
    >>> from personal_touch.experiments import Bandit, Variant
    >>> bandit = Bandit(key="gesture", variants=[Variant(key="a"), Variant(key="b")])
    >>> bandit.update("a", success=True).posterior("a").successes
    1
    >>> bandit.sample(random.Random(7)) in {"a", "b"}
    True

    .. versionadded:: 0.4.0
    """

    key: str = attrs.field(validator=text("key"))
    variants: tuple[Variant, ...] = attrs.field(converter=variant_tuple)
    posteriors: tuple[ArmPosterior, ...] = attrs.field(default=(), converter=_posteriors)
    stopped: frozenset[str] = attrs.field(default=frozenset(), converter=_stopped)

    def __attrs_post_init__(self) -> None:
        keys = [p.key for p in self.posteriors]
        if len(set(keys)) != len(keys) or not set(keys) <= {v.key for v in self.variants}:
            raise InvalidFieldError("posteriors", "needs at most one posterior per variant")
        if not self.stopped <= {v.key for v in self.variants}:
            raise InvalidFieldError("stopped", "names a key that is no variant's")

    def _index(self, key: str) -> int:
        for index, variant in enumerate(self.variants):
            if variant.key == key:
                return index
        raise KeyError("variant")

    def posterior(self, key: str) -> ArmPosterior:
        """
        The posterior of the arm *key* (no outcomes yet if none is recorded).
        """
        self._index(key)
        for posterior in self.posteriors:
            if posterior.key == key:
                return posterior
        return ArmPosterior(key=key)

    def update(self, key: str, *, success: bool, count: int = 1) -> Self:
        """
        A bandit that has also seen *count* outcomes of arm *key* (successes or failures).
        """
        old = self.posterior(key)
        new = (
            attrs.evolve(old, successes=old.successes + count)
            if success
            else attrs.evolve(old, failures=old.failures + count)
        )
        others = tuple(p for p in self.posteriors if p.key != key)
        return attrs.evolve(self, posteriors=(*others, new))

    def stop(self, key: str) -> Self:
        """
        A bandit whose arm *key* gets nobody new (a guardrail stopped it).
        """
        self._index(key)
        return attrs.evolve(self, stopped=self.stopped | {key})

    def sample(self, rng: random.Random, *, eligible: Iterable[str] | None = None) -> str | None:
        """
        The key of the arm chosen by one Thompson draw among *eligible* arms not stopped.

        Returns ``None`` when no arm is left.
        """
        allowed = None if eligible is None else frozenset(eligible)
        candidates = [
            i
            for i, v in enumerate(self.variants)
            if v.key not in self.stopped and (allowed is None or v.key in allowed)
        ]
        posteriors = [self.posterior(v.key) for v in self.variants]
        alphas = [1.0 + p.successes for p in posteriors]
        betas = [1.0 + p.failures for p in posteriors]
        index = sample_best(rng, alphas, betas, candidates)
        return None if index is None else self.variants[index].key

    def assign(
        self,
        contact: Contact,
        *,
        at: dt.datetime,
        message: Message,
        decide: Decide,
        rng: random.Random,
        holdout: Holdout | None = None,
    ) -> Assignment:
        """
        Choose an arm for *contact* among the arms the policy permits them, as an assignment.

        Every arm is applied to *message* and decided; the arms whose decision allows the
        message at the level the arm asks for are eligible, and one Thompson draw chooses
        among them.  With no eligible arm the person is ``INELIGIBLE`` (no arm named):
        the bandit never raises what the policy permits.

        .. versionadded:: 0.4.0
        """
        at = aware(at, "at")
        made = functools.partial(Assignment, experiment=self.key, contact_id=contact.id, at=at)
        if holdout is not None and holdout.holds(contact.id):
            generic = holdout.generic(message)
            return made(status=AssignmentStatus.HOLDOUT, message=generic, decision=decide(generic))
        arms = {}
        for variant in self.variants:
            if variant.key in self.stopped:
                continue
            arm = variant.apply(message)
            decision = decide(arm)
            if ineligibility(variant, decision) is None:
                arms[variant.key] = (variant, arm, decision)
        key = self.sample(rng, eligible=arms)
        if key is None:
            return made(status=AssignmentStatus.INELIGIBLE, reason="no_arm")
        variant, arm, decision = arms[key]
        return made(
            status=AssignmentStatus.VARIANT, variant=variant, message=arm, decision=decision
        )
