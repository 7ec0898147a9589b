"""Tests for the experiment values: Variant, Experiment, Exposure."""

from __future__ import annotations

import datetime as dt
import json

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

import personal_touch as pt
from personal_touch.converters import make_converter
from personal_touch.exceptions import InvalidFieldError
from personal_touch.experiments import HOLDOUT_VARIANT, Experiment, Exposure, Variant

START = pendulum.datetime(2027, 1, 1, tz="UTC")
END = START.add(months=2)


def experiment(**changes: object) -> Experiment:
    """A two-arm experiment running January and February 2027."""
    fields: dict[str, object] = {
        "key": "exp",
        "variants": [Variant(key="control"), Variant(key="personal", level="personal")],
        "start": START,
        "end": END,
    }
    fields.update(changes)
    return Experiment(**fields)  # type: ignore[arg-type]


class TestVariant:
    def test_control_leaves_the_message_alone(self) -> None:
        """A variant that changes nothing returns the very message."""
        m = pt.Message(purpose="marketing", channel="email")
        assert m is Variant(key="control").apply(m)

    def test_changes_level_and_channel(self) -> None:
        """An arm asking a level and channel sets both on the message."""
        m = pt.Message(purpose="marketing", channel="email")
        out = Variant(key="p", level="personal", channel="sms").apply(m)
        assert (pt.Level.PERSONAL, pt.Channel.SMS) == (out.level, out.channel)

    def test_negative_delay_refused(self) -> None:
        """Timing is a non-negative delay."""
        with pytest.raises(InvalidFieldError) as info:
            Variant(key="late", delay=dt.timedelta(hours=-1))
        assert "variant.delay" == info.value.field


class TestExperiment:
    def test_seed_defaults_to_the_key(self) -> None:
        """Without a seed, people are hashed with the key, as GrowthBook does."""
        assert ("exp", "s") == (experiment().hash_seed, experiment(seed="s").hash_seed)

    def test_control_is_the_first_variant(self) -> None:
        """The first variant is the control."""
        assert "control" == experiment().control.key

    def test_active_half_open(self) -> None:
        """It runs from its start, inclusive, to its end, exclusive."""
        exp = experiment()
        assert (True, False, False) == (
            exp.is_active(START),
            exp.is_active(END),
            exp.is_active(START.subtract(seconds=1)),
        )

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"end": START}, "end"),
            ({"variants": []}, "variants"),
            ({"variants": [Variant(key="a"), Variant(key="a")]}, "variants"),
            ({"variants": [Variant(key=HOLDOUT_VARIANT)]}, "variants"),
            ({"weights": [1.0]}, "weights"),
            ({"weights": [0.5, -0.5]}, "weights"),
            ({"coverage": 1.5}, "coverage"),
            ({"namespace": ("ns", 0.6, 0.2)}, "namespace"),
            ({"namespace": ("ns", 0.1)}, "namespace"),
            ({"hash_version": 3}, "hash_version"),
            ({"start": dt.datetime(2027, 1, 1)}, "start"),
        ],
    )
    def test_invalid(self, changes: dict[str, object], field: str) -> None:
        """Invalid fields are refused with the field named."""
        with pytest.raises((InvalidFieldError, ValueError)) as info:
            experiment(**changes)
        assert field == getattr(info.value, "field", field)

    def test_variant_lookup(self) -> None:
        """Variants are found by key; an unknown key is a KeyError."""
        exp = experiment()
        assert pt.Level.PERSONAL == exp.variant("personal").level
        with pytest.raises(KeyError):
            exp.variant("nope")

    @given(
        weights=st.none() | st.just((0.3, 0.7)),
        coverage=st.floats(0, 1),
        namespace=st.none() | st.just(("ns", 0.0, 0.5)),
        stages=st.sets(st.sampled_from(list(pt.Stage))),
        delay=st.none() | st.integers(0, 10_000).map(lambda s: dt.timedelta(seconds=s)),
    )
    def test_json_round_trip(
        self,
        weights: tuple[float, ...] | None,
        coverage: float,
        namespace: tuple[str, float, float] | None,
        stages: set[pt.Stage],
        delay: dt.timedelta | None,
    ) -> None:
        """An experiment survives JSON through the converters unchanged."""
        exp = experiment(
            variants=[
                Variant(key="control"),
                Variant(
                    key="p",
                    level="personal",
                    channel="sms",
                    delay=delay,
                    template_id="t-2",
                    gesture="tickets",
                ),
            ],
            weights=weights,
            coverage=coverage,
            namespace=namespace,
            stages=stages,
            seed="s",
        )
        converter = make_converter()
        text = json.dumps(converter.unstructure(exp))
        assert exp == converter.structure(json.loads(text), Experiment)


class TestExposure:
    def test_level_above_decision_refused(self) -> None:
        """An exposure can never be above the level its decision permitted."""
        with pytest.raises(InvalidFieldError) as info:
            Exposure(
                experiment="exp",
                variant="p",
                contact_id="c-1",
                message_id="m-1",
                decided_level="contextual",
                level="personal",
                at=START,
            )
        assert "level" == info.value.field

    def test_json_round_trip(self) -> None:
        """An exposure survives JSON through the converters unchanged."""
        exposure = Exposure(
            experiment="exp",
            variant="p",
            contact_id="c-1",
            message_id="m-1",
            decided_level="personal",
            level="contextual",
            at=START,
        )
        converter = make_converter()
        text = json.dumps(converter.unstructure(exposure))
        assert exposure == converter.structure(json.loads(text), Exposure)
