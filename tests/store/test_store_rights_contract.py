"""
The data-subject rights on every backend: the same answers from SQLite and PostgreSQL.

The SQLite-only parts (zeroed pages, the raw file scan, ``VACUUM``) are in
``test_store_rights.py``; these are what the :class:`~personal_touch.store.Store` protocol
promises whatever the database.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pendulum

import personal_touch as pt
from personal_touch.store import DataSubjectRequest, PersonalDataExport, RightsEventKind

if TYPE_CHECKING:
    from personal_touch.store._core import StoreCore

T0 = pendulum.datetime(2026, 3, 1, 9, tz="UTC")
MARKETING = pt.Message(purpose="marketing", channel="email")


def person(contact_id: str, phone: str = "+49 151 2345 6789") -> pt.Contact:
    return pt.Contact(
        id=contact_id,
        name=pt.Name("Zephyrine", "Quillfeather"),
        created_at=T0,
        contact_points=[
            pt.ContactPoint("email", "zephyrine.q@example.org"),
            pt.ContactPoint("sms", phone),
        ],
        facts=[pt.Fact(key="hobby", value="xylophones", provenance="stated", recorded_at=T0)],
    )


def filled(store: StoreCore, contact_id: str = "c1") -> StoreCore:
    store.put_contact(person(contact_id))
    store.add_interaction(pt.Interaction(contact_id=contact_id, kind="sent", at=T0))
    store.record_consent(
        pt.ConsentGrant(
            id=f"g-{contact_id}", contact_id=contact_id, purpose="marketing", granted_at=T0
        ),
        recorded_at=T0,
    )
    return store


def suppressed(store: StoreCore, contact: pt.Contact, at: pendulum.DateTime) -> bool:
    """Whether a marketing e-mail to *contact* is denied as suppressed by the store's list."""
    decision = pt.decide(
        contact,
        MARKETING,
        consents=store.ledger(contact.id),
        suppressions=store.suppressions(),
        at=at,
    )
    return "suppressed" in {r.code for r in decision.reasons}


def test_export_round_trips_on_every_backend(any_store: StoreCore) -> None:
    """The export holds the person's data and reads back equal from its JSON."""
    export = filled(any_store).export("c1", at=T0)
    assert ["hobby"] == [f.key for f in export.facts]
    assert ["g-c1"] == [e.grant.id for e in export.consent_events]
    assert export == PersonalDataExport.from_json(export.to_json())


def test_erased_person_reimported_is_suppressed(any_store: StoreCore) -> None:
    """After erasure nothing personal is read back, and a re-import is denied as suppressed."""
    store = filled(any_store)
    at = T0.add(days=1)
    assert not suppressed(store, person("c1"), at)
    report = store.erase("c1", at=at, reason="art17")
    assert (None, ()) == (store.contact("c1"), store.facts("c1"))
    assert () == store.interactions("c1")
    assert store.verify().is_intact
    assert report.suppressions_added >= 2
    back = person("c9", phone="+4915123456789")  # a new id, the same number spelled otherwise
    store.put_contact(back)
    store.record_consent(
        pt.ConsentGrant(id="g-c9", contact_id="c9", purpose="marketing", granted_at=at),
        recorded_at=at,
    )
    assert suppressed(store, back, at.add(days=1))


def test_rectify_and_restrict_on_every_backend(any_store: StoreCore) -> None:
    """A rectified fact reads back corrected; a restriction denies until it is lifted."""
    store = filled(any_store)
    corrected = store.rectify("c1", at=T0.add(hours=1), fact="hobby", value="cellos")
    assert ["cellos"] == [f.value for f in corrected.facts]
    store.restrict("c1", at=T0.add(hours=2), reason="art18")
    assert store.is_restricted("c1")
    assert suppressed(store, person("c1"), T0.add(days=1))
    store.lift_restriction("c1", at=T0.add(hours=3))
    assert not store.is_restricted("c1")
    assert not suppressed(store, person("c1"), T0.add(days=1))
    kinds = [e.kind for e in store.rights_events("c1")]
    assert [
        RightsEventKind.RECTIFIED,
        RightsEventKind.RESTRICTED,
        RightsEventKind.LIFTED,
    ] == kinds


def test_requests_and_deadlines_on_every_backend(any_store: StoreCore) -> None:
    """Open requests are pending, soonest deadline first, until completed."""
    gdpr = DataSubjectRequest(
        id="r1", contact_id="c1", kind="access", regime="gdpr", received_at=T0
    )
    ccpa = DataSubjectRequest(
        id="r2", contact_id="c1", kind="erasure", regime="ccpa", received_at=T0
    )
    any_store.open_request(ccpa)
    any_store.open_request(gdpr)
    pending = any_store.pending_requests(at=T0.add(days=1))
    assert ["r1", "r2"] == [p.request.id for p in pending]
    assert not any(p.overdue for p in pending)
    any_store.complete_request("r1", at=T0.add(days=2))
    later = any_store.pending_requests(at=T0.add(days=46))
    assert [("r2", True)] == [(p.request.id, p.overdue) for p in later]


def test_purge_on_every_backend(any_store: StoreCore) -> None:
    """Past its period an observed fact and an ended grant's proof go; the chain still verifies."""
    old = pendulum.datetime(2012, 1, 5, tz="UTC")
    at = pendulum.datetime(2026, 3, 1, tz="UTC")
    any_store.put_contact(person("c1"))
    any_store.add_fact("c1", pt.Fact(key="seen", value="x", provenance="observed", recorded_at=old))
    grant = pt.ConsentGrant(id="g-old", contact_id="c1", purpose="marketing", granted_at=old)
    any_store.record_consent(grant, recorded_at=old)
    any_store.withdraw("c1", "g-old", at=old.add(days=1), recorded_at=old.add(days=1))
    filled(any_store, "c2")
    report = any_store.purge(at=at)
    assert report.count("fact") == 1
    assert report.count("consent") >= 2
    assert ["hobby"] == [f.key for f in any_store.facts("c1")]
    assert ["g-c2"] == [e.grant.id for e in any_store.events("c2")]
    assert any_store.verify().is_intact
    assert 0 == any_store.purge(at=at).total
