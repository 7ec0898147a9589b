from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from hypothesis import given
from hypothesis import strategies as st

from personal_touch import Channel, InteractionKind, Suppression
from personal_touch._webhooks._model import event_type, make_event
from personal_touch.exceptions import UnknownEventError
from personal_touch.webhooks import (
    EventAction,
    ProviderEvent,
    SkippedItem,
    WebhookProvider,
    WebhookReport,
    parse_sendgrid,
)

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
OPEN = event_type(
    WebhookProvider.SENDGRID,
    "open",
    (EventAction.RECORD, InteractionKind.OPENED, None),
    Channel.EMAIL,
)
TIMES = st.datetimes(
    min_value=dt.datetime(1971, 1, 1), max_value=dt.datetime(2100, 1, 1), timezones=st.just(dt.UTC)
)
OPTIONAL = st.none() | st.text(max_size=10)


class TestProviderEvent:
    @given(at=TIMES, digest=st.text(min_size=1), group=OPTIONAL, mid=OPTIONAL, eid=OPTIONAL)
    def test_fast_constructor_makes_the_same_value(
        self, at: dt.datetime, digest: str, group: str | None, mid: str | None, eid: str | None
    ) -> None:
        """The parsers' constructor makes a value equal to the class's own, same hash."""
        fast = make_event(OPEN, at, digest, group, mid, eid, "$[1]")
        slow = ProviderEvent(
            event_type=OPEN,
            at=at,
            address_digest=digest,
            group=group,
            message_id=mid,
            event_id=eid,
            path="$[1]",
        )
        assert (slow, hash(slow)) == (fast, hash(fast))

    def test_event_types_are_shared(self) -> None:
        """Every event of one kind carries the same EventType value, made once."""
        report = parse_sendgrid(
            [{"email": f"p{i}@example.com", "timestamp": i, "event": "open"} for i in range(3)]
        )
        assert 1 == len({id(e.event_type) for e in report.events})

    def test_repr_hides_the_digest(self) -> None:
        """An event's repr names its type and time, not the address digest."""
        (event,) = parse_sendgrid(
            [{"email": "a@example.com", "timestamp": 1, "event": "open"}]
        ).events
        assert event.address_digest not in repr(event)


class TestDigest:
    @given(st.emails() | st.text().filter(lambda t: "@" in t and t.strip()))
    def test_batch_digest_is_the_suppression_digest(self, address: str) -> None:
        """The batch fast path digests exactly as Suppression.digest does."""
        (event,) = parse_sendgrid([{"email": address, "timestamp": 1, "event": "open"}]).events
        assert Suppression.digest(address) == event.address_digest

    @given(st.emails(), st.binary(min_size=1, max_size=16))
    def test_salted_digest(self, address: str, salt: bytes) -> None:
        """With a salt, the digest is Suppression.digest's salted one."""
        item = {"email": address, "timestamp": 1, "event": "open"}
        (event,) = parse_sendgrid([item], salt=salt).events
        assert Suppression.digest(address, salt=salt) == event.address_digest

    def test_repeated_addresses_in_a_batch(self) -> None:
        """An address repeated within a batch gets the same digest each time."""
        items = [
            {"email": a, "timestamp": 7, "event": "open"} for a in ("A@x.io", "a@x.io", "A@x.io")
        ]
        digests = {e.address_digest for e in parse_sendgrid(items).events}
        assert {Suppression.digest("a@x.io")} == digests


class TestReport:
    def test_empty_report(self) -> None:
        """An empty report has nothing to suppress or record and raises nothing."""
        report = WebhookReport()
        report.raise_for_skipped()
        assert ((), ()) == (report.suppressions(), report.interactions(lambda _d: "c-1"))

    def test_skipped_item_error_types(self) -> None:
        """A skipped item rebuilds the typed error it stands for."""
        unknown = SkippedItem(path="$[0].event", problem="p", unknown=True).error()
        malformed = SkippedItem(path="$[0].email", problem="p").error()
        assert isinstance(unknown, UnknownEventError)
        assert (False, "$[0].email") == (isinstance(malformed, UnknownEventError), malformed.path)


def _bench() -> ModuleType:
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    spec = importlib.util.spec_from_file_location(
        "bench_webhooks", BENCHMARKS / "bench_webhooks.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestBenchmark:
    def test_peers_read_the_same_events(self) -> None:
        """The benchmark's bodies parse without a skip, and the peers count the same events."""
        bench = _bench()
        for distinct in (False, True):
            bodies = bench.sendgrid_bodies(2, distinct=distinct)
            reports = [parse_sendgrid(b) for b in bodies]
            assert all(r.skipped == () for r in reports)
            assert bench.peer_sendgrid(bodies) == sum(len(r.events) for r in reports)


@given(local=st.text(min_size=1, max_size=20), domain=st.text(max_size=20))
def test_email_digest_is_the_suppression_digest(local: str, domain: str) -> None:
    """The webhooks' e-mail digest equals Suppression.digest for any text with an @."""
    from personal_touch._webhooks._fields import email_digest

    address = f"{local}@{domain}"
    assert Suppression.digest(address) == email_digest(address)
