"""
The deprecated law on :class:`Sensitivity` (removed in 0.3.0): its warning and frozen lists.

The law is written in the packs (:data:`personal_touch.packs.eu.ART9_CATEGORIES`,
:data:`personal_touch.packs.us_states.CPRA_SPI`); tests/packs/test_packs_shapes.py checks that these
frozen copies, kept only for ``Sensitivity.gdpr_article_9`` and ``.cpra_sensitive``, still
match it.
"""

from __future__ import annotations

import warnings


def deprecated(name: str, instead: str) -> None:
    """
    Warn that ``Sensitivity.<name>`` goes in 0.3.0, naming *instead*, for the property's caller.
    """
    warnings.warn(
        f"Sensitivity.{name} is deprecated and will be removed in 0.3.0; use {instead}",
        DeprecationWarning,
        stacklevel=3,
    )


#: The values of the categories GDPR Art. 9(1) lists (a frozen copy of the EU pack's).
GDPR_ART_9 = frozenset(
    ("health", "reproductive_health", "sex_life", "religion", "political_opinions")  # noqa: RUF005
    + ("racial_ethnic_origin", "genetic", "biometric", "trade_union")
)
#: The values of the categories the CPRA lists (a frozen copy of the California pack's).
CPRA_SPI = frozenset(
    ("health", "reproductive_health", "sex_life", "religion", "racial_ethnic_origin")  # noqa: RUF005
    + ("genetic", "biometric", "trade_union", "finances", "precise_location")
    + ("immigration_status", "government_id")
)
