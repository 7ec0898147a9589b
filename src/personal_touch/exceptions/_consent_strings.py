"""
Errors for web consent strings: IAB TCF TC strings, GPP strings and consent-mode parameters.
"""

from __future__ import annotations

from ._values import PersonalTouchError

__all__ = ["ConsentStringError"]


class ConsentStringError(PersonalTouchError, ValueError):
    """
    A consent string (TCF, GPP) or a consent signal is malformed or cannot be encoded.

    The message names where (segment and field, e.g. ``tcf.core.VendorConsents``) and what is
    wrong; it never repeats the string, which identifies a browser.

    Attributes:
        where: The segment and field.
        problem: What is wrong, in words that contain no personal data.

    .. versionadded:: 0.4.0
    """

    def __init__(self, where: str, problem: str) -> None:
        self.where = where
        self.problem = problem
        super().__init__(f"{where}: {problem}")
