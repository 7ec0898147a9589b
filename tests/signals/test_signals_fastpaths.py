"""
Learning's fast paths agree with the plain constructions they stand for.
"""

from __future__ import annotations

import hashlib
import math
from typing import Any

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

import personal_touch as pt
from personal_touch._facts import Fact, Provenance, Sensitivity, value_digest
from personal_touch._signals._fold import SEPARATOR, new_items
from personal_touch._signals._learn import dedupe_key
from personal_touch._signals._shapes import learned_fact
from personal_touch.exceptions import InvalidFieldError

AT = pendulum.datetime(2026, 11, 30, 15, tz="UTC")
KEY = st.text("abc:\x1e", min_size=1, max_size=6)
SCALAR = (
    st.text(max_size=5)
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.booleans()
    | st.none()
)
VALUE = st.recursive(
    SCALAR, lambda inner: st.dictionaries(st.text("ab", max_size=3), inner, max_size=4)
)


def _fact(value: Any) -> Fact:
    return Fact(
        key="interests.books",
        value=value,
        provenance=Provenance.OBSERVED,
        recorded_at=AT,
        sensitivity=Sensitivity.ORDINARY,
        source="web",
    )


@given(st.dictionaries(st.text("ab", max_size=3), VALUE, max_size=5))
def test_learned_fact_is_the_constructed_fact(value: dict[str, Any]) -> None:
    try:
        expected = _fact(value)
    except InvalidFieldError as error:
        with pytest.raises(InvalidFieldError, match=str(error.args[0])[:20]):
            learned_fact(
                "interests.books",
                value,
                provenance=Provenance.OBSERVED,
                recorded_at=AT,
                sensitivity=Sensitivity.ORDINARY,
                source="web",
            )
        return
    built = learned_fact(
        "interests.books",
        value,
        provenance=Provenance.OBSERVED,
        recorded_at=AT,
        sensitivity=Sensitivity.ORDINARY,
        source="web",
    )
    assert built == expected
    assert repr(built.value) == repr(expected.value)
    assert hash(built) == hash(expected)
    assert built._digest == expected._digest


def test_learned_fact_refuses_a_bad_key() -> None:
    with pytest.raises(InvalidFieldError):
        learned_fact(
            "Not A Key",
            {"count": 1},
            provenance=Provenance.OBSERVED,
            recorded_at=AT,
            sensitivity=Sensitivity.ORDINARY,
            source="web",
        )


@given(
    st.dictionaries(
        st.text("0123", min_size=1, max_size=2),
        st.lists(KEY.filter(lambda k: SEPARATOR not in k), max_size=5).map(SEPARATOR.join)
        | st.integers(),
        max_size=4,
    ),
    st.lists(st.text("abc:", min_size=1, max_size=6), max_size=8),
)
def test_new_items_splits_like_the_set_of_seen_keys(weeks: dict[str, Any], keys: list[str]) -> None:
    existing = _fact({"seen": weeks, "count": 1})
    signal = pt.Signal(contact_id="c-1", kind="viewed", at=AT, category="books")
    items = [(float(i), k, signal) for i, k in enumerate(keys)]
    seen: set[str] = set()
    for text in weeks.values():
        if isinstance(text, str):
            seen.update(text.split(SEPARATOR))
    fresh, dupes = new_items(existing, items)
    assert fresh == [i for i in items if i[1] not in seen]
    assert dupes == [i for i in items if i[1] in seen]


@given(
    st.fixed_dictionaries(
        {
            "kind": st.sampled_from(("viewed", "answered", "purchased")),
            "subject": st.none() | st.text(max_size=4),
            "category": st.none() | st.sampled_from(("books", "apparel.coats")),
            "value": st.none()
            | st.text(max_size=4)
            | st.integers()
            | st.dictionaries(st.text(max_size=2), SCALAR),
            "source": st.none() | st.text(max_size=4),
        }
    ),
    st.floats(0, 2e9),
)
def test_dedupe_key_digests_every_field(fields: dict[str, Any], t: float) -> None:
    kind, subject, category, value, source = (
        fields[k] for k in ("kind", "subject", "category", "value", "source")
    )
    if isinstance(value, dict) and any(
        isinstance(v, float) and not math.isfinite(v) for v in value.values()
    ):
        return
    signal = pt.Signal(
        contact_id="c-1",
        kind=kind,
        at=AT,
        subject=subject or None,
        category=category,
        value=value,
        source=source or None,
    )
    text = "\x1e".join(
        (
            kind,
            repr(t),
            signal.subject or "",
            signal.category or "",
            "" if signal.value is None else value_digest(signal.value),
            signal.source or "",
        )
    )
    expected = "sig:" + hashlib.blake2b(text.encode(), digest_size=8).hexdigest()
    assert dedupe_key(signal, t) == expected
