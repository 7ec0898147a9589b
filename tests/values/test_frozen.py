from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from personal_touch.values import FrozenMap


class TestFrozenMap:
    def test_mapping_protocol(self) -> None:
        """It reads like a dict."""
        m = FrozenMap({"a": 1, "b": 2})
        assert 1 == m["a"]
        assert ["a", "b"] == list(m)
        assert 2 == len(m)
        assert {"a": 1, "b": 2} == m.to_dict()
        assert "FrozenMap({'a': 1, 'b': 2})" == repr(m)

    def test_empty(self) -> None:
        """No argument or None gives an empty map."""
        assert 0 == len(FrozenMap())
        assert 0 == len(FrozenMap(None))

    def test_read_only(self) -> None:
        """It cannot be changed in place."""
        m = FrozenMap({"a": 1})
        with pytest.raises(TypeError):
            m["a"] = 2  # type: ignore[index]

    def test_copy_is_detached(self) -> None:
        """Changing the source dict or to_dict()'s copy does not change the map."""
        source = {"a": 1}
        m = FrozenMap(source)
        source["a"] = 2
        m.to_dict()["a"] = 3
        assert 1 == m["a"]

    def test_equal_to_dicts(self) -> None:
        """It equals any mapping with the same items, and not other things."""
        assert FrozenMap({"a": 1}) == {"a": 1}
        assert FrozenMap({"a": 1}) != {"a": 2}
        assert FrozenMap({"a": 1}) != [("a", 1)]

    @given(st.dictionaries(st.text(max_size=5), st.integers()))
    def test_hash_by_content(self, data: dict[str, int]) -> None:
        """Equal maps hash equal, whatever the insertion order."""
        a = FrozenMap(data)
        b = FrozenMap(dict(reversed(list(data.items()))))
        assert a == b
        assert hash(a) == hash(b)
        assert hash(a) == hash(a)  # cached
