"""
``Message.asks``: validated fact keys, JSON round-trip, and decision ids of messages without.
"""

from __future__ import annotations

import pytest

import personal_touch as pt
from builders import AT, decide_core, message, traveller
from personal_touch._policy._audit import message_text
from personal_touch.converters import make_converter
from personal_touch.exceptions import InvalidFieldError


class TestAsksField:
    def test_default_is_empty(self) -> None:
        """A message asks for nothing unless told."""
        assert frozenset() == message().asks

    def test_keys_become_a_frozenset(self) -> None:
        """A list of keys is kept as a frozenset of fact keys."""
        m = message(asks=["apparel.shirt_size", "apparel.shirt_size", "pets.name"])
        assert frozenset({"apparel.shirt_size", "pets.name"}) == m.asks

    @pytest.mark.parametrize("bad", [["Apparel.Size"], ["a..b"], [""], "apparel.size", [3]])
    def test_bad_keys_name_the_field(self, bad: object) -> None:
        """Keys are validated like content_facts; the error names the field, not the value."""
        with pytest.raises(InvalidFieldError) as e:
            message(asks=bad)
        assert "asks" == e.value.field

    def test_json_round_trip(self) -> None:
        """Asks survive JSON; a message asking nothing writes no asks field."""
        converter = make_converter()
        m = message(asks=["apparel.shirt_size"])
        data = converter.unstructure(m)
        assert ["apparel.shirt_size"] == data["asks"]
        assert m == converter.structure(data, pt.Message)
        assert "asks" not in converter.unstructure(message())


class TestDigest:
    def test_message_without_asks_keeps_its_canonical_text(self) -> None:
        """The audit text of a message asking nothing has no trace of the new field."""
        m = message(id="m-1")
        assert "asks" not in message_text(m)
        assert message_text(m).endswith("'m-1')")

    def test_asks_change_the_decision_id(self) -> None:
        """Asking is part of what was decided: the id differs from the same message without."""
        plain = decide_core(traveller(), message(), at=AT)
        asking = decide_core(traveller(), message(asks=["pets.name"]), at=AT)
        assert plain.verdict == asking.verdict
        assert plain.decision_id != asking.decision_id
