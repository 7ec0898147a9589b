"""
The default policy: the core rules and every built-in jurisdiction pack.
"""

from __future__ import annotations

import functools

from .._standard import Standard
from ..packs import all_packs
from ._policy import Policy
from ._rules import CORE_RULES

__all__ = ["default_policy", "law_floor_policy"]


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


@functools.cache
def law_floor_policy() -> Policy:
    """
    The default policy deciding by the law's floor, built once and cached.

    The same core rules and packs as :func:`default_policy`, named ``"law_floor"``, with
    :attr:`~personal_touch.rules.Standard.LAW_FLOOR`: an opt-out regime's permission (a live
    call to a number on no do-not-call register, commercial e-mail in the US, e-mail to a
    corporate subscriber in the UK) permits the message until the person opts out.

    >>> law_floor_policy().standard.value
    'law_floor'

    .. versionadded:: 0.4.0
    """
    return default_policy().with_version("law_floor", "1").with_standard(Standard.LAW_FLOOR)
