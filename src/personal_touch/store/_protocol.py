"""
The :class:`Store` protocol: what every store of contacts, consent and history provides.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    import pendulum

    from .._channels import Channel
    from .._consent import ConsentGrant, ConsentLedger
    from .._contacts import Contact
    from .._decision import Decision
    from .._facts import Fact
    from .._interactions import Interaction
    from .._suppression import Suppression, SuppressionList
    from ._chain import VerifyReport
    from ._erasure import ErasureReport
    from ._export import PersonalDataExport
    from ._records import ConsentEvent, DecisionRecord
    from ._requests import DataSubjectRequest, PendingRequest
    from ._retention import RetentionPolicy
    from ._retention_report import PurgeReport
    from ._rights import RightsEvent

__all__ = ["Store"]


@runtime_checkable
class Store(Protocol):
    """
    A durable home for contacts, facts, consent, history, suppressions and decisions.

    Reads return the library's frozen values; consent events and suppressions are
    append-only and hash-chained; times of recording are passed in, never read from a clock.
    :class:`SQLiteStore` is the embedded implementation, :class:`PostgresStore` the one for
    teams (both share one core: :mod:`personal_touch.store._core`).  The data-subject rights
    (export, erasure, rectification, restriction, requests) joined in 0.2.0.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.3.0
       :meth:`purge` applies a retention policy.
    """

    def put_contact(self, contact: Contact) -> None:
        """Save *contact* and its facts, replacing a saved one with the same id."""

    def contact(self, contact_id: str) -> Contact | None:
        """The saved contact with its facts, or ``None``."""

    def contact_ids(self) -> tuple[str, ...]:
        """Every saved contact's id, sorted."""

    def add_fact(self, contact_id: str, fact: Fact) -> None:
        """Append *fact* to a contact's facts."""

    def facts(self, contact_id: str) -> tuple[Fact, ...]:
        """A contact's facts, in the order saved."""

    def add_interaction(self, interaction: Interaction) -> None:
        """Append *interaction* to its contact's history."""

    def interactions(self, contact_id: str) -> tuple[Interaction, ...]:
        """A contact's history, oldest first."""

    def record_consent(
        self,
        grant: ConsentGrant,
        *,
        recorded_at: pendulum.DateTime,
        at: pendulum.DateTime | None = None,
    ) -> ConsentEvent:
        """Append a grant version as a durable, chained consent event."""

    def record_consents(
        self,
        grants: Iterable[ConsentGrant],
        *,
        recorded_at: pendulum.DateTime,
        at: pendulum.DateTime | None = None,
    ) -> tuple[ConsentEvent, ...]:
        """Append several grant versions in one transaction."""

    def events(
        self, contact_id: str | None = None, *, grant_id: str | None = None
    ) -> tuple[ConsentEvent, ...]:
        """The consent events in the order appended."""

    def ledger(
        self, contact_id: str, *, recorded_at: pendulum.DateTime | None = None
    ) -> ConsentLedger:
        """A contact's ledger: from every event, or as our records stood at *recorded_at*."""

    def is_granted(
        self,
        contact_id: str,
        purpose: str,
        channel: Channel | None = None,
        *,
        at: pendulum.DateTime,
    ) -> bool:
        """Whether *purpose* on *channel* is granted to the contact at *at*."""

    def add_suppression(self, suppression: Suppression, *, recorded_at: pendulum.DateTime) -> int:
        """Append a suppression to the chained list; its sequence number."""

    def suppressions(self) -> SuppressionList:
        """Every suppression appended."""

    def log_decision(self, decision: Decision) -> DecisionRecord:
        """Record a decision's ids, codes and digests (no personal data)."""

    def decisions(self, contact_id: str) -> tuple[DecisionRecord, ...]:
        """A contact's decision log, oldest first."""

    def verify(self) -> VerifyReport:
        """Check the stored data and every hash chain."""

    def export_proof(self, grant_id: str) -> str:
        """One grant's proof bundle as JSON."""

    def export(self, contact_id: str, *, at: pendulum.DateTime) -> PersonalDataExport:
        """Everything held about a contact (GDPR Art. 15 and 20, CCPA right to know)."""

    def erase(
        self, contact_id: str, *, at: pendulum.DateTime, reason: str, compact: bool = True
    ) -> ErasureReport:
        """Erase a contact's personal data, keeping consent proof and salted suppressions."""

    def rectify(
        self,
        contact_id: str,
        *,
        at: pendulum.DateTime,
        value: object,
        field: str | None = None,
        fact: str | None = None,
    ) -> Contact:
        """Correct one field or fact of a contact (GDPR Art. 16); the old value is gone."""

    def restrict(self, contact_id: str, *, at: pendulum.DateTime, reason: str) -> RightsEvent:
        """Restrict processing of a contact's data (GDPR Art. 18)."""

    def lift_restriction(
        self, contact_id: str, *, at: pendulum.DateTime, reason: str = "lifted"
    ) -> RightsEvent:
        """Lift a contact's restriction."""

    def open_request(self, request: DataSubjectRequest) -> DataSubjectRequest:
        """Save a new data-subject request."""

    def complete_request(self, request_id: str, *, at: pendulum.DateTime) -> DataSubjectRequest:
        """Mark a request answered."""

    def pending_requests(self, *, at: pendulum.DateTime) -> tuple[PendingRequest, ...]:
        """The requests pending at *at*, soonest deadline first."""

    def purge(
        self,
        *,
        at: pendulum.DateTime,
        policy: RetentionPolicy | None = None,
        dry_run: bool = False,
    ) -> PurgeReport:
        """Remove what is past its retention period at *at*, in one transaction."""

    def close(self) -> None:
        """Release the store's resources."""
