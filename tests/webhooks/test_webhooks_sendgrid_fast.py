"""
The SendGrid fast path reads a batch exactly as the careful field-by-field reader does.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from payloads import load

from personal_touch._webhooks._model import SkippedItem, WebhookReport
from personal_touch._webhooks._sendgrid import _event, _Seen
from personal_touch.exceptions import UnknownEventError, WebhookPayloadError
from personal_touch.webhooks import parse_sendgrid

EXAMPLES: list[dict[str, Any]] = load("sendgrid", "events")
ODD = st.sampled_from([None, 1.5, "", [], True, -3, {"a": 1}])
ADDRESSES = (
    st.sampled_from(["a@example.com", " B@Example.com ", "c@example.com"]) | ODD | st.just("no-at")
)
STAMPS = (
    st.integers(1_500_000_000, 1_500_000_003)
    | st.sampled_from([-1, 10**13, "1500000000", 1.5e9])
    | ODD
)
GROUPS = st.sampled_from([10, 11, "10", None]) | ODD
IDS = st.sampled_from(["sg_id", 7, None]) | ODD
NAMES = st.sampled_from([e["event"] for e in EXAMPLES] + ["teleported"]) | ODD


@st.composite
def items(draw: st.DrawFn) -> object:
    """An event of the documented examples, some fields changed or dropped; or not an object."""
    if draw(st.integers(0, 30)) == 0:
        return draw(ODD)
    item = dict(draw(st.sampled_from(EXAMPLES)))
    for key, values in (
        ("event", NAMES),
        ("email", ADDRESSES),
        ("timestamp", STAMPS),
        ("asm_group_id", GROUPS),
        ("sg_message_id", IDS),
        ("sg_event_id", IDS),
    ):
        change = draw(st.integers(0, 5))
        if change == 0:
            item.pop(key, None)
        elif change == 1:
            item[key] = draw(values)
        elif key in {"email", "timestamp"}:
            item[key] = draw(values.filter(lambda v: type(v) in {str, int}))
    return item


def _careful(body: list[object], **maps: Any) -> WebhookReport:
    """Each item through the field-by-field reader alone."""
    events, skipped = [], []
    seen = _Seen({}, {}, maps.get("groups"), maps.get("subscriptions"))
    for i, item in enumerate(body):
        try:
            events.append(_event(item, f"$[{i}]", None, seen))
        except UnknownEventError as error:
            skipped.append(SkippedItem(path=error.path, problem=error.problem, unknown=True))
        except WebhookPayloadError as error:
            skipped.append(SkippedItem(path=error.path, problem=error.problem))
    return WebhookReport(events=events, skipped=skipped)


class TestFastPath:
    @settings(max_examples=300, deadline=None)
    @given(body=st.lists(items(), max_size=25))
    def test_same_report_as_the_careful_reader(self, body: list[object]) -> None:
        """Events (every field, paths included) and skipped items are the careful reader's."""
        maps = {"groups": {"10": ["fundraising"]}, "subscriptions": {"11": "news"}}
        assert _careful(body, **maps) == parse_sendgrid(body, **maps)
        assert _careful(body) == parse_sendgrid(body)

    def test_long_batches_keep_their_paths(self) -> None:
        """Paths past the precomputed ones are still each item's own."""
        body = [dict(EXAMPLES[2], timestamp=1_500_000_000 + i) for i in range(5000)]
        body[4500] = {"event": "teleported"}
        report = parse_sendgrid(body)
        assert 4999 == len(report.events)
        assert ("$[4096]", "$[4999]") == (report.events[4096].path, report.events[-1].path)
        assert "$[4500].event" == report.skipped[0].path
