"""
The template engine's wider vocabulary: limits, fallbacks, lint findings, SMS measurement.

:class:`~personal_touch.Template`, :class:`~personal_touch.TemplateCatalog`,
:func:`~personal_touch.lint` and :func:`~personal_touch.message_for` live at the top level;
this module holds what you meet once templates are in production: the rendered result, the
limits a template must respect, the fallbacks a catalog falls back to, the disclosure texts,
and what an SMS costs.

>>> from personal_touch import templates
>>> templates.measure_sms("Hi Ada").segments
1

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from ._templates import (
    Fallback,
    FallbackKind,
    LintFinding,
    Rendered,
    Requirements,
    SmsCost,
    SmsEncoding,
    TemplateLimits,
    TemplatePart,
    disclosure_text,
    locale_chain,
    measure_sms,
)

__all__ = [
    "Fallback",
    "FallbackKind",
    "LintFinding",
    "Rendered",
    "Requirements",
    "SmsCost",
    "SmsEncoding",
    "TemplateLimits",
    "TemplatePart",
    "disclosure_text",
    "locale_chain",
    "measure_sms",
]
