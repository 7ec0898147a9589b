"""
Type-checked, never run: shows that the public API reads well under ``mypy --strict``.

Add usage of every public name here; ``nox -s typing`` checks this file, pytest ignores it.
"""

from __future__ import annotations

from typing import Any, assert_type

import personal_touch as pt

assert_type(pt.__name__, str)

# -- personal_touch.converters ---------------------------------------------------------------
import pendulum  # noqa: E402

from personal_touch import converters  # noqa: E402

_conv = converters.make_converter()
assert_type(_conv, converters.Converter)
_contact = pt.Contact(id="c", created_at=pendulum.datetime(2026, 1, 1, tz="UTC"))
assert_type(converters.structure(converters.unstructure(_contact), pt.Contact), pt.Contact)
assert_type(converters.loads(converters.dumps(_contact, indent=2), pt.Contact), pt.Contact)
assert_type(converters.structure_many([{}], pt.Contact), list[pt.Contact])
assert_type(converters.unstructure_many([_contact]), list[Any])
assert_type(converters.format_datetime(_contact.created_at), str)
assert_type(converters.parse_datetime("2026-01-01T00:00:00+00:00"), pendulum.DateTime)
