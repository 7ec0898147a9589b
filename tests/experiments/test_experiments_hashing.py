"""
Assignment properties: the same unit always lands in the same place, whatever the process,
Python's hash seed, the order people arrive in or the company they arrive with.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from personal_touch import experiments
from personal_touch._experiments import _hashing

SRC = Path(__file__).resolve().parents[2] / "src"

# Any text, including characters outside the Basic Multilingual Plane and lone surrogates.
unit_ids = st.text(st.characters(exclude_categories=()), max_size=16)
seeds = st.text(max_size=12)
versions = st.sampled_from((1, 2))
weights = st.none() | st.lists(st.floats(0, 1), min_size=2, max_size=4)


def reference_fnv1a32(text: str) -> int:
    """FNV-1a 32 written out from its definition, over UTF-16 code units, for comparison."""
    data = text.encode("utf-16-le", "surrogatepass")
    state = 2166136261
    for i in range(0, len(data), 2):
        state ^= data[i] | data[i + 1] << 8
        state = state * 16777619 % 2**32
    return state


class TestHash:
    """`hash` is FNV-1a over UTF-16 code units, in [0, 1) for versions 1 and 2, else None."""

    @given(unit_ids)
    def test_fnv1a32_matches_definition(self, text: str) -> None:
        """The loop over encoded units equals FNV-1a written from its definition."""
        assert reference_fnv1a32(text) == _hashing.fnv1a32(text)

    def test_units_outside_the_bmp_count_twice(self) -> None:
        """An emoji is two UTF-16 code units, as JavaScript's charCodeAt sees it."""
        assert reference_fnv1a32("\ud83d\ude00") == _hashing.fnv1a32("\N{GRINNING FACE}")

    @given(seeds, unit_ids, versions)
    def test_in_unit_interval(self, seed: str, value: str, version: int) -> None:
        """Versions 1 and 2 give a number in [0, 1) with three or four decimals."""
        n = experiments.hash(seed, value, version)
        assert n is not None
        assert 0 <= n < 1
        assert n == round(n, version + 2)

    @given(seeds, unit_ids, st.integers().filter(lambda v: v not in {1, 2}))
    def test_other_versions_give_none(self, seed: str, value: str, version: int) -> None:
        """Any other version gives None, in bulk too."""
        assert experiments.hash(seed, value, version) is None
        assert [None] == experiments.hash_many(seed, [value], version)

    def test_seed_cache_is_bounded_and_clearable(self) -> None:
        """The states after a seed are cached up to a bound and can be cleared."""
        experiments.hash("cached-seed", "u", 2)
        assert _hashing._after_seed.cache_info().currsize >= 1
        _hashing.clear_seed_cache()
        assert 0 == _hashing._after_seed.cache_info().currsize
        assert _hashing.SEED_CACHE_SIZE == _hashing._after_seed.cache_info().maxsize


class TestBulk:
    """`hash_many` and `assign_variations` equal their one-at-a-time forms, in any order."""

    @given(seeds, st.lists(unit_ids, max_size=40), versions)
    def test_hash_many_equals_hash(self, seed: str, values: list[str], version: int) -> None:
        """Each value's number is the one `hash` gives it alone."""
        assert [experiments.hash(seed, v, version) for v in values] == experiments.hash_many(
            seed, values, version
        )

    @given(st.lists(unit_ids, max_size=30, unique=True), st.randoms(), versions, weights)
    def test_arrival_order_never_matters(
        self, ids: list[str], rnd: random.Random, version: int, shares: list[float] | None
    ) -> None:
        """Shuffling the people who arrive gives each of them the same variation."""
        shuffled = list(ids)
        rnd.shuffle(shuffled)
        kwargs: dict[str, Any] = {"experiment_key": "k", "variations": 2, "weights": shares}
        first = experiments.assign_variations(ids, hash_version=version, **kwargs)
        second = experiments.assign_variations(shuffled, hash_version=version, **kwargs)
        assert dict(zip(ids, first, strict=True)) == dict(zip(shuffled, second, strict=True))

    @given(
        st.lists(unit_ids, max_size=30),
        versions,
        weights,
        st.floats(-0.5, 1.5),
        st.none() | st.tuples(st.just("ns"), st.just(0.2), st.floats(0.2, 1)),
    )
    def test_assign_variations_equals_assign_variation(
        self,
        ids: list[str],
        version: int,
        shares: list[float] | None,
        coverage: float,
        namespace: tuple[str, float, float] | None,
    ) -> None:
        """Bulk assignment gives every unit what assigning it alone gives."""
        variations = len(shares) if shares else 3
        kwargs: dict[str, Any] = {
            "experiment_key": "welcome",
            "variations": variations,
            "weights": shares,
            "coverage": coverage,
            "hash_version": version,
            "namespace": namespace,
        }
        expected = [experiments.assign_variation(u, **kwargs) for u in ids]
        assert expected == experiments.assign_variations(ids, **kwargs)


SCRIPT = """
import json, sys
from personal_touch import experiments
ids = json.loads(sys.stdin.read())
print(json.dumps([
    experiments.hash_many("seed", ids, 1),
    [experiments.hash("seed", i, 2) for i in ids],
    experiments.assign_variations(ids, experiment_key="k", variations=3, hash_version=2),
]))
"""


def _in_process(ids: list[str], hash_seed: str) -> object:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(SRC)}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        input=json.dumps(ids),
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return json.loads(done.stdout)


class TestProcesses:
    """Assignment never depends on the process or on PYTHONHASHSEED."""

    @settings(max_examples=4)
    @given(st.lists(st.text(max_size=10), min_size=1, max_size=20))
    def test_two_hash_seeds_agree_with_this_process(self, ids: list[str]) -> None:
        """Two fresh interpreters with different hash seeds agree with this one."""
        here = [
            experiments.hash_many("seed", ids, 1),
            [experiments.hash("seed", i, 2) for i in ids],
            experiments.assign_variations(ids, experiment_key="k", variations=3, hash_version=2),
        ]
        assert here == _in_process(ids, "0") == _in_process(ids, "12345")


class TestGrowthBookSDK:
    """Where GrowthBook's Python SDK is installed (the bench extra), it assigns as we do."""

    @given(
        st.lists(
            st.text(st.characters(exclude_categories=()), min_size=1, max_size=12), max_size=20
        ),
        versions,
        weights,
        st.floats(0, 1),
        st.none() | st.text(min_size=1, max_size=8),
        st.none() | st.tuples(st.just("ns"), st.just(0.3), st.floats(0.3, 1)),
    )
    def test_same_variation_as_growthbook_run(  # noqa: PLR0917 - one strategy per parameter
        self,
        ids: list[str],
        version: int,
        shares: list[float] | None,
        coverage: float,
        seed: str | None,
        namespace: tuple[str, float, float] | None,
    ) -> None:
        """`assign_variation(s)` and `GrowthBook.run` put every unit in the same variation."""
        growthbook = pytest.importorskip("growthbook")
        variations = len(shares) if shares else 3
        experiment = growthbook.Experiment(
            key="welcome",
            variations=list(range(variations)),
            weights=shares,
            coverage=coverage,
            hashVersion=version,
            seed=seed,
            namespace=namespace,
        )
        theirs = []
        for unit_id in ids:
            result = growthbook.GrowthBook(attributes={"id": unit_id}).run(experiment)
            theirs.append(result.variationId if result.inExperiment else None)
        kwargs: dict[str, Any] = {
            "experiment_key": "welcome",
            "variations": variations,
            "weights": shares,
            "coverage": coverage,
            "hash_version": version,
            "seed": seed,
            "namespace": namespace,
        }
        assert theirs == [experiments.assign_variation(u, **kwargs) for u in ids]
        assert theirs == experiments.assign_variations(ids, **kwargs)
