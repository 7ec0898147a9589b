"""
Hooks for collections: tuples, lists and frozensets as JSON arrays, ``FrozenMap`` as objects.
"""

from __future__ import annotations

import contextlib
import typing
from collections.abc import Callable, Mapping
from typing import Any

from cattrs.errors import IterableValidationError, IterableValidationNote
from cattrs.fns import identity

from .._frozen import FrozenMap
from .._validators import snake
from ..exceptions import InvalidFieldError

if typing.TYPE_CHECKING:
    import cattrs

__all__ = ["configure_collections"]

_Hook = Callable[[Any, Any], Any]


def _is_sequence_of(t: Any, origin: type) -> bool:
    if typing.get_origin(t) is not origin:
        return False
    args = typing.get_args(t)
    if origin is tuple:
        return len(args) == 2 and args[1] is Ellipsis  # noqa: PLR2004
    return len(args) == 1


def _is_tuple(t: Any) -> bool:
    return _is_sequence_of(t, tuple)


def _is_frozenset(t: Any) -> bool:
    return _is_sequence_of(t, frozenset)


def _is_list(t: Any) -> bool:
    return _is_sequence_of(t, list)


def _is_frozen_map(t: Any) -> bool:
    return typing.get_origin(t) is FrozenMap


def _sequence_structure_factory(t: Any, converter: cattrs.Converter) -> _Hook:
    build: Callable[[list[Any]], Any] = typing.get_origin(t)
    elem = typing.get_args(t)[0]
    handle = converter.get_structure_hook(elem)
    label = snake(getattr(build, "__name__", "list"))

    if converter.detailed_validation:

        def structure_detailed(value: Any, _: Any) -> Any:
            if type(value) is not list and type(value) is not tuple:
                raise InvalidFieldError(label, "expected an array")
            out: list[Any] = []
            errors: list[Exception] = []
            for i, v in enumerate(value):
                try:
                    out.append(handle(v, elem))
                except Exception as exc:
                    exc.__notes__ = [
                        *getattr(exc, "__notes__", []),
                        IterableValidationNote(f"Structuring {t} @ index {i}", i, elem),
                    ]
                    errors.append(exc)
            if errors:
                raise IterableValidationError(f"While structuring {t}", errors, t)
            return build(out)

        return structure_detailed

    def structure_fast(value: Any, _: Any) -> Any:
        if type(value) is not list and type(value) is not tuple:
            raise InvalidFieldError(label, "expected an array")
        return build([handle(v, elem) for v in value])

    return structure_fast


def _sequence_unstructure_factory(t: Any, converter: cattrs.Converter) -> Callable[[Any], Any]:
    handle = converter.get_unstructure_hook(typing.get_args(t)[0])
    if handle is identity:
        return list
    return lambda value: [handle(v) for v in value]


def _set_unstructure_factory(t: Any, converter: cattrs.Converter) -> Callable[[Any], Any]:
    handle = converter.get_unstructure_hook(typing.get_args(t)[0])

    def unstructure_set(value: Any) -> list[Any]:
        out = [handle(v) for v in value]
        with contextlib.suppress(TypeError):  # the model's sets hold strings and enums
            out.sort()
        return out

    return unstructure_set


def _frozen_map_structure_factory(t: Any, converter: cattrs.Converter) -> _Hook:
    args = typing.get_args(t)
    elem = args[0] if args else Any
    handle = converter.get_structure_hook(elem)

    def structure_frozen_map(value: Any, _: Any) -> FrozenMap[Any]:
        if type(value) is not dict and not isinstance(value, Mapping):
            raise InvalidFieldError("mapping", "expected an object")
        items: dict[str, Any] = {}
        for k, v in value.items():
            if not isinstance(k, str):
                raise InvalidFieldError("mapping", "keys must be strings")
            items[k] = handle(v, elem)
        return FrozenMap(items)

    return structure_frozen_map


def _frozen_map_unstructure_factory(t: Any, converter: cattrs.Converter) -> Callable[[Any], Any]:
    args = typing.get_args(t)
    handle = converter.get_unstructure_hook(args[0] if args else Any)
    if handle is identity:
        return dict
    return lambda value: {k: handle(v) for k, v in value.items()}


def configure_collections(converter: cattrs.Converter) -> None:
    """
    Register the hook factories for tuples, lists, frozensets and ``FrozenMap``.
    """
    for predicate in (_is_tuple, _is_frozenset, _is_list):
        converter.register_structure_hook_factory(predicate, _sequence_structure_factory)
    converter.register_unstructure_hook_factory(_is_tuple, _sequence_unstructure_factory)
    converter.register_unstructure_hook_factory(_is_list, _sequence_unstructure_factory)
    converter.register_unstructure_hook_factory(_is_frozenset, _set_unstructure_factory)
    converter.register_structure_hook_factory(_is_frozen_map, _frozen_map_structure_factory)
    converter.register_unstructure_hook_factory(_is_frozen_map, _frozen_map_unstructure_factory)
