"""
The ``python -m personal_touch demo`` tour of the bundled sample data.

The tour is the tuple :data:`SECTIONS`: callables taking the loaded sample and the instant
to show it at and returning plain text (at most :data:`WIDTH` columns).  It sits above the
library: it uses :mod:`personal_touch.testing` and the engines, and nothing in the library
imports it except the command line's ``demo`` command.
"""

from __future__ import annotations

import datetime as dt

from .._time import aware
from ..testing import load_sample
from ._text import WIDTH, Section
from .contacts import contacts_section
from .decisions import decisions_section
from .plan import plan_section
from .templates import render_section

__all__ = ["SECTIONS", "WIDTH", "Section", "render_demo"]

#: The tour's sections, in order.
SECTIONS: tuple[Section, ...] = (
    contacts_section,
    plan_section,
    render_section,
    decisions_section,
)


def render_demo(*, at: dt.datetime | None = None) -> str:
    """
    The tour's text: every section of :data:`SECTIONS` on the sample data.

    Args:
        at: The instant to show the data at (aware); default: the sample's own reference
            instant.

    Raises:
        NaiveDateTimeError: *at* has no time zone.
    """
    sample = load_sample()
    instant = sample.at if at is None else aware(at, "at")
    return "\n\n".join(section(sample, instant).rstrip("\n") for section in SECTIONS) + "\n"
