"""
Hooks for moments: :class:`Moment` as a tagged union, each variant's fields plus ``"kind"``.

:func:`~personal_touch.converters.configure_converter` calls :func:`configure_moments` last, so
every converter it configures reads and writes moments with their tag.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from .._moments._model import Moment, MomentKind
from .._moments._variants import MOMENT_TYPES
from ..exceptions import InvalidFieldError

if TYPE_CHECKING:
    import cattrs

_TAG = "kind"
_KINDS = ", ".join(k.value for k in MomentKind)


def configure_moments(converter: cattrs.Converter) -> None:
    """
    Register the :class:`Moment` tagged-union hooks on *converter*.

    Call it after the converter's attrs hooks are registered (``configure_converter`` does):
    each variant's own hooks are wrapped to add or check the ``"kind"`` tag, and the
    :class:`Moment` base dispatches on it.
    """
    unstructure: dict[type[Moment], Callable[[Any], dict[str, Any]]] = {}
    structure: dict[str, Callable[[Any, Any], Moment]] = {}
    for kind, cls in MOMENT_TYPES.items():
        un = _tagged_unstructure(kind.value, converter.get_unstructure_hook(cls))
        st = _tagged_structure(kind.value, cls, converter.get_structure_hook(cls))
        unstructure[cls] = un
        structure[kind.value] = st
        converter.register_unstructure_hook(cls, un)
        converter.register_structure_hook(cls, st)

    def unstructure_moment(moment: Moment) -> dict[str, Any]:
        return unstructure[type(moment)](moment)

    def structure_moment(value: Any, _: Any) -> Moment:
        if not isinstance(value, Mapping):
            raise InvalidFieldError("moment", "expected an object")
        hook = structure.get(value.get(_TAG))  # type: ignore[arg-type]
        if hook is None:
            raise InvalidFieldError(_TAG, f"must be one of {_KINDS}")
        return hook(value, None)

    converter.register_unstructure_hook(Moment, unstructure_moment)
    converter.register_structure_hook(Moment, structure_moment)


def _tagged_unstructure(
    tag: str, base: Callable[[Any], dict[str, Any]]
) -> Callable[[Any], dict[str, Any]]:
    def unstructure_variant(moment: Any) -> dict[str, Any]:
        return {_TAG: tag, **base(moment)}

    return unstructure_variant


def _tagged_structure(
    tag: str, cls: type[Moment], base: Callable[[Any, Any], Any]
) -> Callable[[Any, Any], Moment]:
    def structure_variant(value: Any, _: Any) -> Moment:
        if isinstance(value, Mapping) and _TAG in value:
            if value[_TAG] != tag:
                raise InvalidFieldError(_TAG, f"must be {tag!r} for this variant")
            value = {k: v for k, v in value.items() if k != _TAG}
        result: Moment = base(value, cls)
        return result

    return structure_variant
