"""
Hooks for personal_touch's attrs classes: strict structuring, defaults left out of the output.
"""

from __future__ import annotations

import enum
import typing
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import cattrs
from cattrs.fns import identity
from cattrs.gen import make_dict_structure_fn

from .._validators import snake
from ..exceptions import InvalidFieldError, PersonalTouchError

__all__ = ["configure_attrs"]

_Hook = Callable[[Any, Any], Any]


def _is_ours(cl: Any) -> bool:
    return (
        isinstance(cl, type)
        and attrs.has(cl)
        and cl.__module__.startswith("personal_touch.")
        and typing.get_origin(cl) is None
    )


def _attrs_structure_factory(cl: type[Any], converter: cattrs.Converter) -> _Hook:
    if not converter.detailed_validation:
        return make_dict_structure_fn(cl, converter)
    attrs.resolve_types(cl)
    overrides = {}
    for a in attrs.fields(cl):
        if a.init and (a.converter is not None or a.validator is not None):
            base = converter.get_structure_hook(a.type)
            overrides[a.name] = cattrs.gen.override(struct_hook=_checked(base, a))
    generated = make_dict_structure_fn(cl, converter, **overrides)  # type: ignore[arg-type]

    def structure_object(value: Any, t: Any) -> Any:
        if not isinstance(value, Mapping):
            raise InvalidFieldError(snake(cl.__name__), "expected an object")
        return generated(value, t)

    return structure_object


def _checked(base: _Hook, attribute: attrs.Attribute[Any]) -> _Hook:
    """
    Run a field's attrs converter and validator on its value alone.

    So detailed validation reports every bad field, not just the first ``__init__`` meets.
    """
    convert = attribute.converter
    validate = attribute.validator

    def structure_field(value: Any, t: Any) -> Any:
        result = base(value, t)
        checked = result
        if callable(convert):
            checked = convert(result)
        if validate is not None:
            try:
                validate(None, attribute, checked)
            except PersonalTouchError:
                raise
            except Exception:
                pass
        return result

    return structure_field


def _attrs_unstructure_factory(cl: type[Any], converter: cattrs.Converter) -> Callable[[Any], Any]:
    """
    Generate an unstructure function that omits fields at their default value.

    Like cattrs' ``omit_if_default`` but with defaults computed once (cattrs calls a
    factory per object) and the cheapest test per default: ``is not None``, truthiness for
    empty collections, identity for enum members.
    """
    attrs.resolve_types(cl)
    globs: dict[str, Any] = {}
    lines = [f"def unstructure_{cl.__name__}(o):", "  res = {"]
    optional: list[str] = []
    for a in attrs.fields(cl):
        if not a.init:
            continue
        handle = converter.get_unstructure_hook(a.type)
        hn = f"h_{a.name}"
        call = f"o.{a.name}" if handle is identity else f"{hn}(o.{a.name})"
        globs[hn] = handle
        if a.default is attrs.NOTHING:
            lines.append(f"    {a.name!r}: {call},")
            continue
        default = a.default.factory() if isinstance(a.default, attrs.Factory) else a.default  # type: ignore[arg-type]
        dn = f"d_{a.name}"
        globs[dn] = default
        if default is None or isinstance(default, (bool, enum.Enum)):
            test = f"o.{a.name} is not {dn}"
        elif isinstance(default, (tuple, frozenset)) and not default:
            test = f"o.{a.name}"
        else:
            test = f"o.{a.name} != {dn}"
        optional += [f"  if {test}:", f"    res[{a.name!r}] = {call}"]
    lines += ["  }", *optional, "  return res"]
    exec(compile("\n".join(lines), f"<personal_touch unstructure {cl.__name__}>", "exec"), globs)
    fn: Callable[[Any], Any] = globs[f"unstructure_{cl.__name__}"]
    return fn


def configure_attrs(converter: cattrs.Converter) -> None:
    """
    Register the hook factories for every attrs class defined in personal_touch.
    """
    converter.register_structure_hook_factory(_is_ours, _attrs_structure_factory)
    converter.register_unstructure_hook_factory(_is_ours, _attrs_unstructure_factory)
