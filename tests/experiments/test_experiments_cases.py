"""
GrowthBook's published cross-SDK cases: every hash, bucket range, variation, namespace and weight.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from personal_touch import experiments

CASES: dict[str, Any] = json.loads(
    (Path(__file__).parent / "data" / "growthbook_cases.json").read_text("utf-8")
)


def _rounded(values: Any) -> Any:
    """Round floats to six places, as GrowthBook's own Python tests compare ranges and weights."""
    if isinstance(values, list | tuple):
        return [_rounded(value) for value in values]
    return round(values, 6)


def _ids(section: str) -> list[str]:
    return [f"{section}[{i}]" for i in range(len(CASES[section]))]


class TestHash:
    """`hash` and `hash_many` give GrowthBook's numbers exactly (not merely close)."""

    @pytest.mark.parametrize(("seed", "value", "version", "expected"), CASES["hash"])
    def test_case(self, seed: str, value: str, version: int, expected: float | None) -> None:
        """One published case."""
        assert expected == experiments.hash(seed, value, version)

    @pytest.mark.parametrize(("seed", "value", "version", "expected"), CASES["hash"])
    def test_case_in_bulk(
        self, seed: str, value: str, version: int, expected: float | None
    ) -> None:
        """The same case through the bulk path, alone and among other values."""
        assert [expected] == experiments.hash_many(seed, [value], version)
        assert [expected, expected] == experiments.hash_many(seed, [value, "x", value], version)[
            ::2
        ]

    def test_all_cases_in_one_batch(self) -> None:
        """Every case of one seed and version hashed together gives each case's number."""
        for seed, _value, version, _expected in CASES["hash"]:
            same = [c for c in CASES["hash"] if c[0] == seed and c[2] == version]
            assert [c[3] for c in same] == experiments.hash_many(
                seed, [c[1] for c in same], version
            )


class TestBucketRanges:
    """`bucket_ranges` gives GrowthBook's ranges, edge cases included."""

    @pytest.mark.parametrize(
        ("name", "args", "expected"), CASES["getBucketRange"], ids=_ids("getBucketRange")
    )
    def test_case(self, name: str, args: list[Any], expected: list[list[float]]) -> None:
        """One published case (compared to six places, as GrowthBook's Python SDK tests)."""
        n, coverage, weights = args
        assert _rounded(expected) == _rounded(experiments.bucket_ranges(n, coverage, weights))

    def test_negative_n(self) -> None:
        """A negative number of variations has no ranges, with or without weights."""
        assert () == experiments.bucket_ranges(-1, 1, None)
        assert () == experiments.bucket_ranges(-2, 0.5, [0.5, 0.5])


class TestChooseVariation:
    """`choose_variation` picks the half-open range a hash falls in, or -1."""

    @pytest.mark.parametrize(
        ("name", "n", "ranges", "expected"), CASES["chooseVariation"], ids=_ids("chooseVariation")
    )
    def test_case(self, name: str, n: float, ranges: list[list[float]], expected: int) -> None:
        """One published case."""
        assert expected == experiments.choose_variation(n, ranges)


class TestInNamespace:
    """`in_namespace` hashes the unit with the namespace's seed and checks its range."""

    @pytest.mark.parametrize(
        ("name", "unit_id", "namespace", "expected"), CASES["inNamespace"], ids=_ids("inNamespace")
    )
    def test_case(self, name: str, unit_id: str, namespace: list[Any], expected: bool) -> None:
        """One published case."""
        key, start, end = namespace
        assert expected is experiments.in_namespace(unit_id, (key, start, end))


class TestEqualWeights:
    """`equal_weights` splits evenly, and gives nothing for zero or fewer variations."""

    @pytest.mark.parametrize(("n", "expected"), CASES["getEqualWeights"])
    def test_case(self, n: int, expected: list[float]) -> None:
        """One published case (compared to six places, as GrowthBook's Python SDK tests)."""
        assert _rounded(expected) == _rounded(experiments.equal_weights(n))


def test_every_section_is_present() -> None:
    """The data file holds the five sections the issue names, none of them empty."""
    sections = ("hash", "getBucketRange", "chooseVariation", "inNamespace", "getEqualWeights")
    assert all(CASES[section] for section in sections)
