"""
A bandit simulator with known true rates: cumulative regret against uniform and the oracle.
"""

from __future__ import annotations

import random
from collections.abc import Mapping

import attrs

from .._validators import integer
from ..exceptions import InvalidFieldError
from ._bandit import sample_best

__all__ = ["BanditSimulation", "simulate_bandit"]


@attrs.frozen(kw_only=True)
class BanditSimulation:
    """
    What a simulated bandit did, next to uniform allocation and the oracle.

    Regret is *expected* regret: at each round, the best arm's true rate minus the true
    rate of the arm chosen, summed over rounds (so it does not depend on reward noise).
    The oracle always picks the best arm: its regret is zero.

    Args:
        true_rates: The arms' true success rates.
        rounds: How many people were allocated.
        thompson_regret: Thompson sampling's cumulative regret after each round.
        uniform_regret: Uniform random allocation's cumulative regret after each round.
        oracle_regret: The oracle's cumulative regret after each round (zeros).
        pulls: How many people Thompson sampling gave each arm.
        allocation: Thompson sampling's arm after each round, for plotting.

    .. versionadded:: 0.4.0
    """

    true_rates: Mapping[str, float] = attrs.field(eq=False)
    rounds: int
    thompson_regret: tuple[float, ...]
    uniform_regret: tuple[float, ...]
    oracle_regret: tuple[float, ...]
    pulls: Mapping[str, int] = attrs.field(eq=False)
    allocation: tuple[str, ...]

    @property
    def best(self) -> str:
        """
        The arm with the highest true rate (the first of equals).
        """
        return max(self.true_rates, key=lambda k: self.true_rates[k])


def _check(true_rates: Mapping[str, float], rounds: int) -> None:
    integer("rounds", low=1)(None, None, rounds)
    if not true_rates:
        raise InvalidFieldError("true_rates", "needs at least one arm")
    if not all(0.0 <= r <= 1.0 for r in true_rates.values()):
        raise InvalidFieldError("true_rates", "rates must be between 0 and 1")


def simulate_bandit(
    true_rates: Mapping[str, float], *, rounds: int, seed: int | str
) -> BanditSimulation:
    """
    Run Thompson sampling and uniform allocation for *rounds* people on arms of known rates.

    Everything is drawn from ``random.Random`` seeded from *seed* (one generator for
    Thompson's draws and outcomes, one for the uniform baseline), so the same arguments
    give the same simulation on any machine and under any ``PYTHONHASHSEED``.

    >>> from personal_touch.experiments import simulate_bandit
    >>> sim = simulate_bandit({"a": 0.02, "b": 0.05}, rounds=2000, seed=1)
    >>> sim.thompson_regret[-1] < sim.uniform_regret[-1]
    True

    .. versionadded:: 0.4.0
    """
    _check(true_rates, rounds)
    keys = list(true_rates)
    rates = [float(true_rates[k]) for k in keys]
    best = max(rates)
    arms = range(len(keys))
    rng = random.Random(f"{seed}:thompson")
    uniform = random.Random(f"{seed}:uniform")
    alphas = [1.0] * len(keys)
    betas = [1.0] * len(keys)
    pulls = [0] * len(keys)
    thompson, flat, chosen = [], [], []
    t_total = u_total = 0.0
    for _ in range(rounds):
        index = sample_best(rng, alphas, betas, arms)
        assert index is not None
        pulls[index] += 1
        if rng.random() < rates[index]:
            alphas[index] += 1.0
        else:
            betas[index] += 1.0
        t_total += best - rates[index]
        u_total += best - rates[uniform.randrange(len(keys))]
        thompson.append(t_total)
        flat.append(u_total)
        chosen.append(keys[index])
    return BanditSimulation(
        true_rates=dict(true_rates),
        rounds=rounds,
        thompson_regret=tuple(thompson),
        uniform_regret=tuple(flat),
        oracle_regret=(0.0,) * rounds,
        pulls=dict(zip(keys, pulls, strict=True)),
        allocation=tuple(chosen),
    )
