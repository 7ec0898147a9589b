"""
Signals and category keys: normalized, validated without repeating input, JSON round trips.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

import personal_touch as pt
import strategies as s
from personal_touch import converters
from personal_touch._facts import validate_key
from personal_touch._signals import category_key
from personal_touch.exceptions import InvalidFieldError, NaiveDateTimeError

AT = pendulum.datetime(2026, 12, 3, 9, tz="Europe/Berlin")


class TestCategoryKey:
    @pytest.mark.parametrize(
        ("text", "key"),
        [
            ("Apparel > T-Shirts", "apparel.t_shirts"),
            ("Maternity/Prenatal Vitamins", "maternity.prenatal_vitamins"),
            ("apparel.t_shirts", "apparel.t_shirts"),
            ("  Home >> Garden // Tools ", "home.garden.tools"),
            ("Café & Bar", "cafe_bar"),
            ("STRASSE", "strasse"),
            ("Straße", "strasse"),
            ("a > - > b", "a.b"),
        ],
    )
    def test_examples(self, text: str, key: str) -> None:
        """Paths become dotted keys: case-folded, punctuation runs as '_', empty parts dropped."""
        assert key == category_key(text)

    @pytest.mark.parametrize("text", ["", " > / ", "---", "日本"])
    def test_empty_result_is_an_error_without_the_text(self, text: str) -> None:
        """A path with no letter or digit is an InvalidFieldError naming 'category'."""
        with pytest.raises(InvalidFieldError) as info:
            category_key(text)
        assert "category" == info.value.field
        assert text.strip() == "" or text not in str(info.value)

    def test_not_a_string(self) -> None:
        """A non-string is refused with the field name."""
        with pytest.raises(InvalidFieldError):
            category_key(3)  # type: ignore[arg-type]

    @given(st.text(max_size=30))
    def test_idempotent_and_a_valid_key_suffix(self, text: str) -> None:
        """The key of a key is itself, and it always makes a valid fact key."""
        try:
            key = category_key(text)
        except InvalidFieldError:
            return
        assert key == category_key(key)
        assert f"interests.{key}" == validate_key(f"interests.{key}")


class TestSignal:
    def test_category_normalized(self) -> None:
        """The category is stored as its key."""
        sig = pt.Signal(contact_id="c-1", kind="viewed", at=AT, category="Apparel > T-Shirts")
        assert "apparel.t_shirts" == sig.category
        assert pt.SignalKind.VIEWED is sig.kind

    def test_value_frozen(self) -> None:
        """Lists and dicts in the value become tuples and frozen maps (the signal hashes)."""
        sig = pt.Signal(contact_id="c-1", kind="booked_travel", at=AT, value={"stops": ["a", "b"]})
        assert ("a", "b") == sig.value["stops"]  # type: ignore[index, call-overload]
        assert hash(sig) == hash(attrs.evolve(sig))

    def test_naive_at_refused(self) -> None:
        """A naive instant is refused."""
        with pytest.raises(NaiveDateTimeError):
            pt.Signal(contact_id="c-1", kind="viewed", at=dt.datetime(2026, 1, 1))  # type: ignore[arg-type]

    def test_unknown_kind_refused_without_echo(self) -> None:
        """An unknown kind names the field and lists the choices, never the value."""
        with pytest.raises(InvalidFieldError) as info:
            pt.Signal(contact_id="c-1", kind="secret-kind", at=AT)
        assert "kind" == info.value.field
        assert "secret-kind" not in str(info.value)

    def test_repr_hides_subject_and_value(self) -> None:
        """The repr names the kind and category, not the subject or the value."""
        sig = pt.Signal(
            contact_id="c-1", kind="answered", at=AT, subject="SECRET-Q", value="SECRET-A"
        )
        assert "SECRET" not in repr(sig)

    def test_stated_kinds(self) -> None:
        """Answers and stated preferences are what a person told us; the rest is behaviour."""
        stated = {k for k in pt.SignalKind if k.is_stated}
        assert {pt.SignalKind.ANSWERED, pt.SignalKind.STATED_PREFERENCE} == stated


class TestJson:
    def test_documented_shape(self) -> None:
        """A signal's JSON form: enum values, ISO instants, defaults left out."""
        sig = pt.Signal(
            contact_id="c-1",
            kind="booked_travel",
            at=AT,
            value={"departs": "2027-03-01", "destination": "New York"},
            source="web",
            id="evt-1",
        )
        data = converters.unstructure(sig)
        assert {
            "contact_id": "c-1",
            "kind": "booked_travel",
            "at": "2026-12-03T09:00:00+01:00[Europe/Berlin]",
            "value": {"departs": "2027-03-01", "destination": "New York"},
            "source": "web",
            "id": "evt-1",
        } == data
        assert sig == converters.structure(data, pt.Signal)

    @given(s.signals)
    def test_round_trip(self, sig: pt.Signal) -> None:
        """Every signal survives a JSON text round trip."""
        assert sig == converters.loads(converters.dumps(sig), pt.Signal)
