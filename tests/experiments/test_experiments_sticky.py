"""
Sticky assignments: a recorded variation wins over re-hashing, validates itself, and round-trips.
"""

from __future__ import annotations

import json

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from personal_touch import converters, experiments
from personal_touch.exceptions import InvalidFieldError, InvalidInputError, NaiveDateTimeError
from strategies import aware_datetimes

AT = pendulum.datetime(2026, 3, 1, 9, tz="Europe/Paris")
names = st.text(min_size=1, max_size=12).filter(str.strip)
stickies = st.builds(
    experiments.StickyAssignment,
    experiment_key=names,
    unit_id=names,
    variation=st.integers(0, 9),
    at=aware_datetimes(),
)


def sticky(
    unit_id: str = "c-1", variation: int = 1, key: str = "welcome"
) -> experiments.StickyAssignment:
    """A sticky assignment at AT."""
    return experiments.StickyAssignment(
        experiment_key=key, unit_id=unit_id, variation=variation, at=AT
    )


class TestStickyAssignment:
    """The record refuses what it cannot hold, naming the field and never the value."""

    @pytest.mark.parametrize("field", ["experiment_key", "unit_id"])
    @pytest.mark.parametrize("value", ["", "  ", None])
    def test_ids_must_be_text(self, field: str, value: object) -> None:
        """An empty or missing key or unit id is refused."""
        fields: dict[str, object] = {
            "experiment_key": "k",
            "unit_id": "u",
            "variation": 0,
            "at": AT,
        }
        fields[field] = value
        with pytest.raises(InvalidFieldError) as caught:
            experiments.StickyAssignment(**fields)
        assert field == caught.value.field

    @pytest.mark.parametrize("value", [-1, 1.0, True, "1"])
    def test_variation_is_an_index(self, value: object) -> None:
        """A variation is an int from zero up (not a bool, float or string)."""
        with pytest.raises(InvalidFieldError) as caught:
            experiments.StickyAssignment(experiment_key="k", unit_id="u", variation=value, at=AT)
        assert "variation" == caught.value.field

    def test_at_must_be_aware(self) -> None:
        """A naive datetime is refused."""
        with pytest.raises(NaiveDateTimeError):
            experiments.StickyAssignment(
                experiment_key="k",
                unit_id="secret-person",
                variation=0,
                at=pendulum.naive(2026, 1, 1),
            )

    def test_is_frozen(self) -> None:
        """The record is immutable and hashable."""
        record = sticky()
        with pytest.raises(AttributeError):
            record.variation = 2
        assert {record} == {sticky()}


class TestJSON:
    """The converters round-trip a sticky assignment through JSON."""

    @given(stickies)
    def test_round_trip(self, record: experiments.StickyAssignment) -> None:
        """Unstructure, dump, load and structure give the same record."""
        converter = converters.make_converter()
        text = json.dumps(converter.unstructure(record))
        assert record == converter.structure(json.loads(text), experiments.StickyAssignment)

    def test_shape(self) -> None:
        """The JSON shape: the four fields, the time as ISO 8601 with its zone."""
        data = converters.make_converter().unstructure(sticky())
        assert {"experiment_key", "unit_id", "variation", "at"} == set(data)
        assert data["at"].startswith("2026-03-01T09:00:00+01:00")

    def test_bad_input_is_refused(self) -> None:
        """A negative variation from JSON is refused with our error."""
        data = converters.unstructure(sticky()) | {"variation": -1}
        with pytest.raises(InvalidInputError):
            converters.structure(data, experiments.StickyAssignment)


class TestStickyWins:
    """A matching record wins over hashing, coverage and namespace; others are ignored."""

    def _hashed(self, unit_id: str, **kwargs: object) -> int | None:
        return experiments.assign_variation(
            unit_id, experiment_key="welcome", variations=3, **kwargs
        )

    @given(names, st.integers(0, 2))
    def test_matching_record_wins(self, unit_id: str, variation: int) -> None:
        """Whatever the hash says, and even outside coverage or namespace, the record wins."""
        record = sticky(unit_id, variation)
        for extra in (
            {},
            {"coverage": 0.0},
            {"namespace": ("ns", 0.0, 0.0)},
            {"weights": [0, 0, 1]},
        ):
            assert variation == self._hashed(unit_id, sticky=record, **extra)
            assert [variation] == experiments.assign_variations(
                [unit_id], experiment_key="welcome", variations=3, sticky={unit_id: record}, **extra
            )

    @given(names)
    def test_records_that_do_not_apply_are_ignored(self, unit_id: str) -> None:
        """Another experiment's, another unit's, or a variation that no longer exists: re-hash."""
        expected = self._hashed(unit_id)
        for record in (
            sticky(unit_id, 2, key="other"),
            sticky(unit_id + "x", 2),
            sticky(unit_id, 3),
        ):
            assert expected == self._hashed(unit_id, sticky=record)

    def test_fewer_than_two_variations_include_nobody(self) -> None:
        """An experiment of one variation includes nobody, sticky or not (as GrowthBook)."""
        assert (
            experiments.assign_variation(
                "c-1", experiment_key="welcome", variations=1, sticky=sticky(variation=0)
            )
            is None
        )
        assert [None] == experiments.assign_variations(
            ["c-1"], experiment_key="welcome", variations=1
        )

    def test_empty_unit_id_is_not_in(self) -> None:
        """An empty unit id is in no experiment (GrowthBook skips a missing hash attribute)."""
        assert experiments.assign_variation("", experiment_key="welcome", variations=2) is None
        assert [None, 0] == experiments.assign_variations(
            ["", "3"], experiment_key="welcome", variations=2
        )

    def test_seed_defaults_to_the_key(self) -> None:
        """No seed, or an empty one, hashes with the experiment key."""
        ids = [str(i) for i in range(50)]
        keyed = experiments.assign_variations(
            ids, experiment_key="welcome", variations=2, seed="welcome"
        )
        assert keyed == experiments.assign_variations(ids, experiment_key="welcome", variations=2)
        assert keyed == experiments.assign_variations(
            ids, experiment_key="welcome", variations=2, seed=""
        )
