"""
How a consent grant was captured, kept so that it can be demonstrated later.
"""

from __future__ import annotations

import attrs

__all__ = ["Evidence"]


@attrs.frozen(kw_only=True)
class Evidence:
    """
    How a grant was captured, so it can be demonstrated later (GDPR Art. 7(1)).

    Args:
        source: Where: ``"signup form v3"``, ``"call with account manager"``.
        method: How: ``"checkbox"``, ``"double_opt_in"``, ``"verbal"``, ``"paper"``.
        notice_id: The privacy notice or consent text shown.
        notice_version: Its version.
        locale: The language the notice was shown in.
        captured_by: Who or what recorded it (a user id or system name, not a person's name).
        opt_out_offered: Whether a free, simple way to refuse marketing was offered when the
            details were collected (a condition of the PECR/ePrivacy soft opt-in and the
            charitable soft opt-in).

    .. versionadded:: 0.1.0
    """

    source: str
    method: str
    notice_id: str | None = None
    notice_version: str | None = None
    locale: str | None = None
    captured_by: str | None = None
    opt_out_offered: bool = False
