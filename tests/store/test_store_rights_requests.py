"""
Data-subject requests: legal deadlines, extension, completion, and the pending list.
"""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from personal_touch import exceptions as ex
from personal_touch.store import DataSubjectRequest, Regime, RequestKind, SQLiteStore

T0 = pendulum.datetime(2026, 1, 31, 12, tz="UTC")


def request(rid: str = "r1", **kw: object) -> DataSubjectRequest:
    fields: dict[str, object] = {
        "id": rid,
        "contact_id": "c1",
        "kind": "access",
        "regime": "gdpr",
        "received_at": T0,
    }
    return DataSubjectRequest(**{**fields, **kw})  # type: ignore[arg-type]


instants = st.datetimes(
    min_value=pendulum.datetime(2000, 1, 1).naive(),
    max_value=pendulum.datetime(2090, 1, 1).naive(),
).map(lambda d: pendulum.instance(d, tz="UTC"))


class TestDeadline:
    @pytest.mark.parametrize(
        ("regime", "extended", "due"),
        [
            ("gdpr", False, "2026-02-28"),  # Art. 12(3): one month; February has no 31st
            ("gdpr", True, "2026-04-30"),  # extended by two further months
            ("ccpa", False, "2026-03-17"),  # §1798.130(a)(2): 45 days
            ("ccpa", True, "2026-05-01"),  # extended once by 45 more
        ],
    )
    def test_legal_deadlines(self, regime: str, extended: bool, due: str) -> None:
        """Deadlines follow the law of the request."""
        assert due == request(regime=regime, extended=extended).deadline.to_date_string()

    @given(received=instants, regime=st.sampled_from(list(Regime)), extended=st.booleans())
    def test_never_before_receipt(
        self, received: pendulum.DateTime, regime: Regime, extended: bool
    ) -> None:
        """A deadline is after receipt, and extending never shortens it."""
        r = request(received_at=received, regime=regime)
        assert r.deadline > received
        assert r.extend().deadline >= r.deadline
        assert r.deadline <= received.add(days=45 if regime is Regime.CCPA else 31)

    def test_extends_once(self) -> None:
        """A request is extended once."""
        with pytest.raises(ex.InvalidFieldError) as info:
            request().extend().extend()
        assert "extended" == info.value.field

    def test_completion_not_before_receipt(self) -> None:
        """An answer before the request arrived is refused."""
        with pytest.raises(ex.InvalidFieldError) as info:
            request().complete(at=T0.subtract(days=1))
        assert "completed_at" == info.value.field

    def test_unknown_kind(self) -> None:
        """An unknown kind is refused, naming the field."""
        with pytest.raises(ex.InvalidFieldError) as info:
            request(kind="gossip")
        assert "kind" == info.value.field


class TestStoreRequests:
    def test_pending_sorted_by_deadline_and_flagged(self, tmp_path: Path) -> None:
        """Pending requests come soonest deadline first; late ones are flagged."""
        with SQLiteStore(tmp_path / "pt.db") as store:
            store.open_request(request("late", received_at=T0.subtract(months=2)))
            store.open_request(request("ccpa", regime="ccpa", kind="erasure"))
            store.open_request(request("gdpr"))
            store.open_request(request("future", received_at=T0.add(years=1)))
            pending = store.pending_requests(at=T0.add(days=1))
        assert ["late", "gdpr", "ccpa"] == [p.request.id for p in pending]
        assert [True, False, False] == [p.overdue for p in pending]

    def test_complete_and_extend(self, tmp_path: Path) -> None:
        """A completed request is no longer pending; an extension moves the deadline."""
        with SQLiteStore(tmp_path / "pt.db") as store:
            store.open_request(request("a"))
            store.open_request(request("b", kind=RequestKind.RECTIFICATION))
            done = store.complete_request("a", at=T0.add(days=3))
            longer = store.extend_request("b")
            pending = store.pending_requests(at=T0.add(days=40))
            assert T0.add(days=3) == done.completed_at
            assert [("b", longer.deadline, False)] == [
                (p.request.id, p.deadline, p.overdue) for p in pending
            ]
            assert ["a"] == [p.request.id for p in store.pending_requests(at=T0.add(days=1))][:1]
            assert 2 == len(store.export("c1", at=T0).requests)

    def test_duplicate_and_unknown_ids(self, tmp_path: Path) -> None:
        """A taken id and an unknown id are refused."""
        with SQLiteStore(tmp_path / "pt.db") as store:
            store.open_request(request())
            with pytest.raises(ex.InvalidFieldError):
                store.open_request(request())
            with pytest.raises(ex.InvalidFieldError) as info:
                store.complete_request("nope", at=T0)
            assert "request_id" == info.value.field
