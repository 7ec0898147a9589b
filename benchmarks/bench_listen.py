"""
The trigger listener: throughput against a plain loop, and memory over a long stream.

A stream of signals, one every 30 seconds, over 20,000 contacts (views in a few categories,
carts, purchases); three triggers: three views of a category within a day (cooldown six
hours), an abandoned cart after an hour (cancelled by a purchase), and a trip booked.

* ``listen signals``: :meth:`personal_touch.triggers.Listener.observe` over the stream
  (pending carts fire as time passes, state pruned, firings as values) against a plain loop
  doing the same pattern matching with a dict of deques per contact and category, a dict of
  pending carts and a heap of their due instants (no pruning, no state round trip, tuples
  out).  Interleaved rounds, GC on for both; the ratio is the median of per-round ratios.
* ``listen memory``: the ``tracemalloc`` peak of a listener fed 10,000 signals and one fed
  100,000 (signals made one at a time, so the input holds no memory): with state pruned by
  window, the two peaks stay within a bound (``peak_ratio``, the issue's "constant memory").
"""

from __future__ import annotations

import datetime as dt
import heapq
import random
import tracemalloc
from collections import deque
from collections.abc import Iterator

import personal_touch as pt
from _timing import interleave
from personal_touch.triggers import Listener, Trigger

START = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
STEP = dt.timedelta(seconds=30)
CONTACTS = 20_000
CATEGORIES = ("apparel.t_shirts", "apparel.coats", "garden.tools", "books.travel")
WINDOW = dt.timedelta(days=1)
DELAY = dt.timedelta(hours=1)
COOLDOWN = dt.timedelta(hours=6)
OFFER = pt.Message(purpose="marketing", channel="email")
TRIGGERS = (
    Trigger.repeated_views("browsing", count=3, window=WINDOW, message=OFFER, cooldown=COOLDOWN),
    Trigger.abandoned_cart("cart", delay=DELAY, message=OFFER),
    Trigger.trip_booked("trip", message=OFFER),
)
#: The peak memory of 100,000 signals may be at most this many times that of 10,000.
PEAK_BOUND = 1.5


def stream(n: int, seed: int = 7) -> Iterator[pt.Signal]:
    """*n* signals, one every 30 seconds: mostly views, some carts and purchases."""
    rng = random.Random(seed)
    kinds = ["viewed"] * 14 + ["added_to_cart"] * 3 + ["purchased"] * 2 + ["booked_travel"]
    for i in range(n):
        # A contact's signals cluster: a few active contacts at a time, as on a shop's site.
        contact = (i // 8 + rng.randrange(4)) % CONTACTS
        yield pt.Signal(
            contact_id=f"c-{contact}",
            kind=rng.choice(kinds),
            at=START + STEP * i,
            subject=f"p-{rng.randrange(50)}",
            category=CATEGORIES[(contact + rng.randrange(2)) % len(CATEGORIES)],
        )


def ours(signals: list[pt.Signal]) -> int:
    """The listener: every signal observed; the number of firings."""
    listener = Listener(TRIGGERS)
    n = 0
    for s in signals:
        n += len(listener.observe(s))
    return n


def peer(signals: list[pt.Signal]) -> int:
    """The same patterns by hand: dicts of deques, a dict of carts, a heap of due instants."""
    window, delay, cooldown = (
        WINDOW.total_seconds(),
        DELAY.total_seconds(),
        COOLDOWN.total_seconds(),
    )
    views: dict[tuple[str, str], deque[float]] = {}
    carts: dict[tuple[str, str], float] = {}
    due: list[tuple[float, str, str]] = []
    fired: dict[tuple[str, str], float] = {}
    out: list[tuple[str, str, float]] = []
    for s in signals:
        now = s.at.timestamp()
        while due and due[0][0] <= now:
            at, cid, subject = heapq.heappop(due)
            if carts.get((cid, subject)) == at:
                del carts[(cid, subject)]
                out.append(("cart", cid, at))
        kind, cid = s.kind, s.contact_id
        if kind == "viewed":
            key = (cid, s.category or s.subject or "")
            times = views.get(key)
            if times is None:
                times = views[key] = deque()
            times.append(now)
            while times[0] <= now - window:
                times.popleft()
            if len(times) >= 3:
                del views[key]
                last = fired.get((cid, "browsing"))
                if last is None or now >= last + cooldown:
                    fired[(cid, "browsing")] = now
                    out.append(("browsing", cid, now))
        elif kind == "added_to_cart":
            carts[(cid, s.subject or "")] = now + delay
            heapq.heappush(due, (now + delay, cid, s.subject or ""))
        elif kind == "purchased":
            carts.pop((cid, s.subject or ""), None)
        elif kind == "booked_travel":
            out.append(("trip", cid, now))
    return len(out)


def peak(n: int) -> tuple[int, int]:
    """The tracemalloc peak (bytes) of a listener fed *n* signals, and the contacts it holds."""
    listener = Listener(TRIGGERS)
    tracemalloc.start()
    try:
        for s in stream(n):
            listener.observe(s)
        _, top = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return top, len(listener)


def benchmarks(*, quick: bool) -> Iterator[dict[str, object]]:
    """Yield the listener's records."""
    n = 20_000 if quick else 100_000
    rounds = 5 if quick else 9
    signals = list(stream(n))
    firings = ours(signals)
    assert firings == peer(signals), "the listener and the plain loop disagree"
    timed = interleave(
        {"ours": lambda: lambda: ours(signals), "peer": lambda: lambda: peer(signals)},
        rounds=rounds,
    )
    yield {
        "name": "listen signals",
        "peer": "dict of deques + heap loop",
        "signals": n,
        "firings": firings,
        **timed.record("ours", "peer", n),
    }
    small, held_small = peak(10_000)
    large, held_large = peak(100_000)
    yield {
        "name": "listen memory",
        "peer": "the same listener fed 10,000 signals",
        "ops_per_s": float(100_000),
        "peer_ops_per_s": float(10_000),
        "ratio": small / large,
        "peak_10k_bytes": small,
        "peak_100k_bytes": large,
        "peak_ratio": large / small,
        "peak_bound": PEAK_BOUND,
        "contacts_held_10k": held_small,
        "contacts_held_100k": held_large,
        "within_bound": large <= PEAK_BOUND * small,
    }
