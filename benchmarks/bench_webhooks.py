"""
Provider webhook parsing, against ``json.loads`` plus reading the same fields by hand.

Every comparison interleaves the engines in rounds (``_timing.interleave``), GC on for both;
ratios are medians of per-round ratios (above 1: we are faster).  Each engine gets the same
request bodies (bytes, as a web framework hands them over):

* ``webhooks sendgrid batch``: SendGrid Event Webhook POSTs of 99 events each: per
  recipient, the eleven events of the documented example (processed to group_resubscribe)
  in one second, as SendGrid batches a recipient's events.  ``..., every address
  distinct``: the same events, each with its own address and second (nothing repeats).  Ours:
  :func:`personal_touch.webhooks.parse_sendgrid` (events with address digests, times,
  actions, a report of skipped items).  Peer: ``json.loads`` and, per event, reading the
  fields the parser reads (event, email, timestamp, status, ids, group).
* ``webhooks mailgun``, ``webhooks postmark``, ``webhooks ses``: one event per request (SES:
  the SNS envelope with the notification inside as text, decoded twice by both sides).

The issue's floor: at least 0.5x of the peer.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from _timing import interleave
from personal_touch import webhooks

DATA = Path(__file__).resolve().parent.parent / "tests" / "webhooks" / "data"


def _load(provider: str, name: str) -> Any:
    return json.loads((DATA / provider / f"{name}.json").read_text("utf-8"))


def sendgrid_bodies(requests: int, per_request: int = 99, *, distinct: bool = False) -> list[bytes]:
    """
    SendGrid POST bodies of the documented events, addresses and times varied.

    As SendGrid batches them (and as its example shows): each recipient's events together,
    in the same second.  With *distinct*, every event has its own address and second (the
    worst case: nothing repeats within a request).
    """
    examples = _load("sendgrid", "events")
    bodies = []
    for r in range(requests):
        batch = []
        for i in range(per_request):
            n = r * per_request + i
            person = n if distinct else n // len(examples)
            event = dict(examples[i % len(examples)])
            event["email"] = f"person{person}@example.com"
            event["timestamp"] = 1_700_000_000 + person
            batch.append(event)
        bodies.append(json.dumps(batch).encode())
    return bodies


def single_bodies(provider: str, names: list[str], requests: int) -> list[bytes]:
    """One-event bodies of *provider*: its documented examples, addresses varied."""
    out = []
    for r in range(requests):
        payload = _load(provider, names[r % len(names)])
        address = f"person{r}@example.com"
        if provider == "mailgun":
            payload["event-data"]["recipient"] = address
        elif provider == "postmark":
            payload["Email" if "Email" in payload else "Recipient"] = address
        else:  # ses: the recipient inside the notification text
            note = json.loads(payload["Message"])
            key = note["notificationType"].lower()
            recipients = {"bounce": "bouncedRecipients", "complaint": "complainedRecipients"}
            if key in recipients:
                note[key][recipients[key]] = [{"emailAddress": address}]
            else:
                note[key]["recipients"] = [address]
            payload["Message"] = json.dumps(note)
        out.append(json.dumps(payload).encode())
    return out


def peer_sendgrid(bodies: list[bytes]) -> int:
    """``json.loads`` and the fields the parser reads, per event."""
    n = 0
    for body in bodies:
        for e in json.loads(body):
            e["event"], e["email"], e["timestamp"], e.get("asm_group_id")
            e.get("status"), e.get("type"), e.get("sg_message_id"), e.get("sg_event_id")
            n += 1
    return n


def peer_mailgun(bodies: list[bytes]) -> int:
    """``json.loads`` and the fields the Mailgun parser reads."""
    for body in bodies:
        d = json.loads(body)["event-data"]
        d["event"], d["recipient"], d["timestamp"], d.get("severity"), d.get("id")
        d.get("message", {}).get("headers", {}).get("message-id")
    return len(bodies)


def peer_postmark(bodies: list[bytes]) -> int:
    """``json.loads`` and the fields the Postmark parser reads."""
    for body in bodies:
        d = json.loads(body)
        d.get("RecordType"), d.get("Type"), d.get("Email"), d.get("BouncedAt")
        d.get("Inactive"), d.get("MessageStream"), d.get("MessageID"), d.get("ID")
    return len(bodies)


def peer_ses(bodies: list[bytes]) -> int:
    """``json.loads`` of the envelope and the notification, and the fields read."""
    for body in bodies:
        envelope = json.loads(body)
        note = json.loads(envelope["Message"])
        key = note["notificationType"].lower()
        detail = note[key]
        detail["timestamp"], note["mail"]["messageId"], detail.get("bounceType")
        for r in detail.get("bouncedRecipients", detail.get("complainedRecipients", [])):
            r["emailAddress"]
    return len(bodies)


def _ours(parse: Callable[[bytes], webhooks.WebhookReport]) -> Callable[[list[bytes]], int]:
    def run(bodies: list[bytes]) -> int:
        n = 0
        for body in bodies:
            n += len(parse(body).events)
        return n

    return run


def _record(
    name: str,
    bodies: list[bytes],
    *,
    ours: Callable[[list[bytes]], int],
    peer: Callable[[list[bytes]], int],
    events: int,
    rounds: int,
) -> dict[str, object]:
    timed = interleave(
        {"ours": lambda: lambda: ours(bodies), "peer": lambda: lambda: peer(bodies)},
        rounds=rounds,
    )
    return {
        "name": name,
        "peer": "json.loads + dict access",
        "events": events,
        **timed.record("ours", "peer", events),
    }


def benchmarks(*, quick: bool) -> Iterator[dict[str, object]]:
    """Yield the webhook parsing records."""
    requests = 20 if quick else 200
    rounds = 7 if quick else 11
    sendgrid = sendgrid_bodies(requests)
    events = _ours(webhooks.parse_sendgrid)(sendgrid)
    assert events == peer_sendgrid(sendgrid)
    yield _record(
        "webhooks sendgrid batch",
        sendgrid,
        ours=_ours(webhooks.parse_sendgrid),
        peer=peer_sendgrid,
        events=events,
        rounds=rounds,
    )
    distinct = sendgrid_bodies(requests, distinct=True)
    yield _record(
        "webhooks sendgrid batch, every address distinct",
        distinct,
        ours=_ours(webhooks.parse_sendgrid),
        peer=peer_sendgrid,
        events=events,
        rounds=rounds,
    )
    singles = requests * 20
    cases: list[tuple[str, list[bytes], Callable[..., Any], Callable[[list[bytes]], int]]] = [
        (
            "mailgun",
            single_bodies(
                "mailgun",
                ["failed_permanent", "delivered", "opened", "unsubscribed", "complained"],
                singles,
            ),
            webhooks.parse_mailgun,
            peer_mailgun,
        ),
        (
            "postmark",
            single_bodies("postmark", ["hard_bounce", "soft_bounce", "spam_complaint"], singles),
            webhooks.parse_postmark,
            peer_postmark,
        ),
        (
            "ses",
            single_bodies("ses", ["bounce_sns", "complaint_sns", "transient_bounce_sns"], singles),
            webhooks.parse_ses,
            peer_ses,
        ),
    ]
    for provider, bodies, parse, peer in cases:
        ours = _ours(parse)
        assert ours(bodies) == peer(bodies) == len(bodies)
        yield _record(
            f"webhooks {provider}", bodies, ours=ours, peer=peer, events=len(bodies), rounds=rounds
        )
