"""
The default policy: the core rules and every built-in jurisdiction pack.
"""

from __future__ import annotations

import functools

from ..packs import all_packs
from ._policy import Policy
from ._rules import CORE_RULES

__all__ = ["default_policy"]


@functools.cache
def default_policy() -> Policy:
    """
    The default policy, built once and cached.

    The default policy: the core rules (:data:`personal_touch.rules.CORE_RULES`) and every
    jurisdiction pack of :mod:`personal_touch.packs` (built once, then cached).

    >>> default_policy() is default_policy()
    True

    .. versionadded:: 0.1.0
    """
    return Policy(name="default", version="1", rules=CORE_RULES, packs=all_packs())
