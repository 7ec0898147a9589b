"""
The Postmark fast path reads a body exactly as the careful field-by-field reader does.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from payloads import load

from personal_touch._webhooks._postmark import _careful, _plain
from personal_touch.webhooks import parse_postmark

EXAMPLES: list[dict[str, Any]] = [
    load("postmark", name)
    for name in (
        "hard_bounce",
        "soft_bounce",
        "spam_complaint",
        "delivery",
        "open",
        "subscription_change",
        "subscription_reactivated",
        "unknown_record",
    )
]
ODD = st.sampled_from([None, 1.5, "", [], True, -3, {"a": 1}])
TEXTS = st.sampled_from(["outbound", "broadcast", "00000000-0000", 42, None]) | ODD
VALUES: dict[str, st.SearchStrategy[object]] = {
    "RecordType": st.sampled_from(
        ["Bounce", "SpamComplaint", "Delivery", "Open", "Click", "SubscriptionChange", "Teleport"]
    )
    | ODD,
    "Type": st.sampled_from(
        [
            "HardBounce",
            "SoftBounce",
            "Transient",
            "BadEmailAddress",
            "ManuallyDeactivated",
            "Unsubscribe",
            "Subscribe",
            "SpamNotification",
            "SpamComplaint",
            "SomethingNew",
        ]
    )
    | ODD,
    "Email": st.sampled_from(["a@example.com", " B@Example.com ", "no-at"]) | ODD,
    "Recipient": st.sampled_from(["c@example.com", "no-at"]) | ODD,
    "Inactive": st.sampled_from([True, False, 1, "true"]) | ODD,
    "MessageStream": TEXTS,
    "MessageID": TEXTS,
    "ID": TEXTS,
}
TIMES = (
    st.sampled_from(
        [
            "2019-11-05T16:33:54.9070259Z",
            "2019-11-05T16:33:54-05:00",
            "2019-11-05T16:33:54",  # no offset
            "yesterday",
        ]
    )
    | ODD
)
TIME_KEYS = ("BouncedAt", "DeliveredAt", "ReceivedAt", "ChangedAt")


@st.composite
def bodies(draw: st.DrawFn) -> dict[str, object]:
    """A documented example, some fields changed or dropped."""
    body = dict(draw(st.sampled_from(EXAMPLES)))
    for key, values in [*VALUES.items(), *((k, TIMES) for k in TIME_KEYS)]:
        change = draw(st.integers(0, 7))
        if change == 0:
            body.pop(key, None)
        elif change == 1:
            body[key] = draw(values)
    return body


class TestFastPath:
    @settings(max_examples=500, deadline=None)
    @given(body=bodies())
    def test_same_report_as_the_careful_reader(self, body: dict[str, object]) -> None:
        """Events (every field) and skipped items are the careful reader's, maps or not."""
        streams = {"outbound": "newsletter.weekly"}
        assert _careful(body, None, None) == parse_postmark(body)
        assert _careful(body, None, streams) == parse_postmark(body, subscriptions=streams)
        assert _careful(body, b"k", None) == parse_postmark(body, salt=b"k")

    def test_documented_examples_take_the_fast_path(self) -> None:
        """The published bounce, complaint, delivery and open examples parse without a detour."""
        for body in EXAMPLES[:5]:
            event = _plain(body, None)
            assert event is not None
            assert parse_postmark(body).events == (event,)
