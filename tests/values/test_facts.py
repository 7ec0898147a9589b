from __future__ import annotations

import datetime as dt
import pickle

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from personal_touch import Fact, Provenance, Sensitivity
from personal_touch._facts import fact_digest, freeze_value, key_set, validate_key, value_digest
from personal_touch.exceptions import InvalidFieldError, NaiveDateTimeError
from personal_touch.values import FrozenMap

AT = pendulum.datetime(2026, 11, 30, 9, tz="UTC")

json_like = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8)
    | st.dates(),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=4), children, max_size=3)
    ),
    max_leaves=10,
)


def trip(**kw: object) -> Fact:
    args: dict[str, object] = {
        "key": "travel.next_trip",
        "value": {"destination": "New York", "departs": dt.date(2026, 12, 7)},
        "provenance": Provenance.STATED,
        "recorded_at": AT,
        "source": "call notes",
    }
    args.update(kw)
    return Fact(**args)  # type: ignore[arg-type]


class TestSensitivity:
    def test_only_ordinary_is_not_special(self) -> None:
        """Every category but ORDINARY is special."""
        assert [Sensitivity.ORDINARY] == [s for s in Sensitivity if not s.is_special]


class TestValidateKey:
    @pytest.mark.parametrize(
        "key", ["travel", "travel.next_trip", "interests.sports.team", "a1.b_2"]
    )
    def test_good(self, key: str) -> None:
        """Dotted lower-case keys are returned unchanged."""
        assert key == validate_key(key)

    @pytest.mark.parametrize("key", ["", "Travel", "travel.", ".travel", "a..b", "a b", "a-b", 3])
    def test_bad(self, key: object) -> None:
        """Anything else is refused, naming the field."""
        with pytest.raises(InvalidFieldError) as info:
            validate_key(key, "scope")  # type: ignore[arg-type]
        assert "scope" == info.value.field


class TestKeySet:
    @given(st.lists(st.from_regex(r"[a-z0-9_]+(\.[a-z0-9_]+)*", fullmatch=True), max_size=5))
    def test_keeps_every_valid_key(self, keys: list[str]) -> None:
        """Valid keys, from any collection, become a frozenset of the same keys."""
        assert frozenset(keys) == key_set(keys, "facts") == key_set(tuple(keys), "facts")

    @pytest.mark.parametrize("values", ["travel", {"travel": 1}, ["travel", "Bad"], [3], None])
    def test_refuses_text_mappings_and_bad_keys(self, values: object) -> None:
        """A string, a mapping, a non-list or a bad key is refused, naming the field."""
        with pytest.raises(InvalidFieldError) as info:
            key_set(values, "facts_used")
        assert "facts_used" == info.value.field


class TestFreezeValue:
    def test_lists_and_dicts_freeze(self) -> None:
        """Lists become tuples and dicts FrozenMaps, recursively."""
        frozen = freeze_value({"a": [1, {"b": [2.5, None, True]}]})
        assert FrozenMap({"a": (1, FrozenMap({"b": (2.5, None, True)}))}) == frozen
        assert isinstance(frozen, FrozenMap)
        hash(frozen)

    def test_datetimes_must_be_aware(self) -> None:
        """Aware datetimes become pendulum; naive ones are refused."""
        assert pendulum.DateTime is type(freeze_value(dt.datetime(2026, 1, 1, tzinfo=dt.UTC)))
        with pytest.raises(NaiveDateTimeError):
            freeze_value([dt.datetime(2026, 1, 1)])

    def test_dates_kept(self) -> None:
        """Dates stay dates."""
        assert dt.date(2000, 2, 29) == freeze_value(dt.date(2000, 2, 29))

    @pytest.mark.parametrize(
        "bad", [float("nan"), float("inf"), {1: "x"}, {"a": object()}, b"x", {1, 2}]
    )
    def test_refused(self, bad: object) -> None:
        """Non-finite numbers, non-string keys and non-JSON types are refused."""
        with pytest.raises(InvalidFieldError) as info:
            freeze_value(bad)
        assert "value" == info.value.field

    @given(json_like)
    def test_idempotent_and_hashable(self, value: object) -> None:
        """Freezing twice changes nothing, and the result is hashable."""
        once = freeze_value(value)
        assert once == freeze_value(once)
        hash(once)


class TestFact:
    def test_defaults(self) -> None:
        """Facts are ordinary, open-ended and without confidence by default."""
        f = trip()
        assert Sensitivity.ORDINARY is f.sensitivity
        assert (None, None) == (f.valid_until, f.confidence)
        assert isinstance(f.value, FrozenMap)

    def test_strings_converted_to_enums(self) -> None:
        """Provenance and sensitivity accept their values."""
        f = trip(provenance="inferred", sensitivity="reproductive_health", confidence=0.9)
        assert Provenance.INFERRED is f.provenance
        assert Sensitivity.REPRODUCTIVE_HEALTH is f.sensitivity
        assert f.is_inferred

    def test_repr_hides_value(self) -> None:
        """The repr shows the key and metadata, never the value."""
        r = repr(trip())
        assert "Fact(key='travel.next_trip', provenance=stated, sensitivity=ordinary)" == r
        assert "New York" not in r

    def test_topic_and_prefix(self) -> None:
        """The topic is the first segment; is_under matches whole segments only."""
        f = Fact(key="interests.sports.team", value="x", provenance="stated", recorded_at=AT)
        assert "interests" == f.topic
        assert f.is_under("interests")
        assert f.is_under("interests.sports.team")
        assert not f.is_under("interest")
        assert not f.is_under("interests.sports.team.name")

    def test_validity_window(self) -> None:
        """A fact is valid from recorded_at (inclusive) to valid_until (exclusive)."""
        f = trip(valid_until=AT.add(days=11))
        assert not f.is_valid_at(AT.subtract(seconds=1))
        assert f.is_valid_at(AT)
        assert f.is_valid_at(AT.add(days=11).subtract(microseconds=1))
        assert not f.is_valid_at(AT.add(days=11))
        assert trip().is_valid_at(AT.add(years=50))

    def test_valid_until_before_recorded(self) -> None:
        """valid_until before recorded_at is refused."""
        with pytest.raises(InvalidFieldError) as info:
            trip(valid_until=AT.subtract(days=1))
        assert "valid_until" == info.value.field

    @pytest.mark.parametrize("confidence", [-0.1, 1.01])
    def test_confidence_range(self, confidence: float) -> None:
        """Confidence must lie in [0, 1]."""
        with pytest.raises(InvalidFieldError) as info:
            trip(confidence=confidence)
        assert "confidence" == info.value.field

    def test_naive_recorded_at(self) -> None:
        """A naive recorded_at is refused, naming the field."""
        with pytest.raises(NaiveDateTimeError) as info:
            trip(recorded_at=dt.datetime(2026, 1, 1))
        assert "recorded_at" == info.value.field

    def test_bad_key(self) -> None:
        """A malformed key is refused."""
        with pytest.raises(InvalidFieldError):
            trip(key="Travel Plans")

    def test_frozen_and_hashable(self) -> None:
        """Facts are immutable values usable in sets."""
        f = trip()
        assert f == trip()
        assert 1 == len({f, trip()})
        with pytest.raises(AttributeError):
            f.key = "x"  # type: ignore[misc]


class TestKeptDigest:
    def test_no_getattr_hook(self) -> None:
        """Fact has no __getattr__, so every attribute read is a plain slot read."""
        assert not hasattr(Fact, "__getattr__")

    @given(json_like)
    def test_digest_is_the_value_digest_and_kept(self, value: object) -> None:
        """A fact's digest is its value's digest, computed once and kept."""
        f = trip(value=value)
        assert value_digest(f.value) == fact_digest(f)
        assert fact_digest(f) is fact_digest(f)

    def test_kept_digest_is_no_part_of_the_value(self) -> None:
        """Equality, hashing, repr and pickles are those of a fact never digested."""
        f, fresh = trip(), trip()
        digest = fact_digest(f)
        assert fresh == f
        assert hash(fresh) == hash(f)
        assert repr(fresh) == repr(f)
        assert pickle.dumps(fresh) == pickle.dumps(f)
        assert digest == fact_digest(pickle.loads(pickle.dumps(f)))

    def test_a_changed_copy_digests_its_own_value(self) -> None:
        """An evolved fact does not inherit the digest it was copied from."""
        f = trip()
        fact_digest(f)
        other = attrs.evolve(f, value="Lisbon")
        assert value_digest("Lisbon") == fact_digest(other)
        assert fact_digest(f) != fact_digest(other)
