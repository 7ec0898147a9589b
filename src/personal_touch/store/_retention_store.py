"""
The store's ``purge`` verb, kept beside the retention modules and mixed into the SQL store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._time import aware
from ..exceptions import InvalidFieldError
from ._retention import RetentionPolicy, default_retention
from ._retention_purge import purge

if TYPE_CHECKING:
    import pendulum

    from ._cache import LedgerCache
    from ._dialect import Pool, Token
    from ._retention_report import PurgeReport

__all__ = ["Purging"]


class Purging:
    """
    ``purge()`` for a store that keeps its connections, secret, change token and cache.
    """

    _conns: Pool
    _secret: bytes | None
    _token: Token
    _cache: LedgerCache

    def purge(
        self,
        *,
        at: pendulum.DateTime,
        policy: RetentionPolicy | None = None,
        dry_run: bool = False,
    ) -> PurgeReport:
        """
        Remove every record past its retention period at *at*, in one transaction.

        Facts, interactions and decision-log rows past their period are deleted.  A grant's
        consent events go together once its proof period has passed (counted from when
        the grant ended and, where the rule says so, from its last use); their places in
        the hash chain stay as stubs, and a record of the purge is appended to the chained
        purge log, so :meth:`verify` still passes and any other grant's proof still
        reaches the head.  Suppressions are never removed.  Purging again at the same
        instant removes nothing.

        Args:
            at: The instant periods are counted back from (passed in, never read).
            policy: The rules; by default :func:`~personal_touch.store.default_retention`.
            dry_run: Remove nothing; report what would go.

        Raises:
            NaiveDateTimeError: *at* has no time zone.
            InvalidFieldError: *policy* is not a :class:`RetentionPolicy`.

        .. versionadded:: 0.3.0
        """
        moment = aware(at, "at")
        if policy is None:
            policy = default_retention()
        elif not isinstance(policy, RetentionPolicy):
            raise InvalidFieldError("policy", "expected a RetentionPolicy")
        run = self._conns.reading if dry_run else self._conns.writing
        with run() as conn:
            report = purge(conn, policy, moment, dry_run=dry_run, secret=self._secret)
        if report.purge_seq is not None:
            self._token.bump()
            self._cache.clear()
        return report
