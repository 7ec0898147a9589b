"""
The listener fires triggers on signals and as time passes, and keeps bounded state.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import personal_touch as pt
from builders import AT, FULL, contact, message
from personal_touch.triggers import Firing, Listener, Trigger, Update

OFFER = message()
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)
WEEK = dt.timedelta(days=7)


def sig(kind: str, minutes: float, **fields: Any) -> pt.Signal:
    """A signal of ``c-1`` (unless given) *minutes* after :data:`AT`."""
    fields.setdefault("contact_id", "c-1")
    return pt.Signal(kind=kind, at=AT + dt.timedelta(minutes=minutes), **fields)


def at(minutes: float) -> dt.datetime:
    return AT + dt.timedelta(minutes=minutes)


def names(firings: tuple[Firing, ...]) -> list[tuple[str, str]]:
    return [(f.trigger, f.contact_id) for f in firings]


class TestAbandonedCart:
    listener_triggers = (Trigger.abandoned_cart("cart", delay=HOUR, message=OFFER),)

    def test_fires_after_the_delay(self) -> None:
        """A cart not followed by a purchase fires when the delay ends, not before."""
        li = Listener(self.listener_triggers)
        assert () == li.observe(sig("added_to_cart", 0, subject="p-1", category="apparel"))
        assert () == li.tick(at(59))
        (firing,) = li.tick(at(61))
        assert (at(60), "p-1", "apparel") == (firing.at, firing.subject, firing.category)
        assert "apparel" == firing.message.product_category

    def test_a_purchase_cancels_it(self) -> None:
        """Buying the product within the delay cancels the firing."""
        li = Listener(self.listener_triggers)
        li.observe(sig("added_to_cart", 0, subject="p-1"))
        li.observe(sig("purchased", 30, subject="p-1"))
        assert () == li.tick(at(120))

    def test_a_purchase_of_something_else_does_not(self) -> None:
        """Buying another product leaves the cart pending."""
        li = Listener(self.listener_triggers)
        li.observe(sig("added_to_cart", 0, subject="p-1"))
        li.observe(sig("purchased", 30, subject="p-2"))
        assert [("cart", "c-1")] == names(li.tick(at(120)))

    def test_a_late_purchase_comes_after_the_firing(self) -> None:
        """A purchase after the delay does not undo a firing already due."""
        li = Listener(self.listener_triggers)
        li.observe(sig("added_to_cart", 0, subject="p-1"))
        assert [("cart", "c-1")] == names(li.observe(sig("purchased", 90, subject="p-1")))

    def test_adding_again_restarts_the_delay(self) -> None:
        """Adding the product again waits a full delay from the last add, and fires once."""
        li = Listener(self.listener_triggers)
        li.observe(sig("added_to_cart", 0, subject="p-1"))
        li.observe(sig("added_to_cart", 45, subject="p-1"))
        assert () == li.tick(at(90))
        (firing,) = li.tick(at(200))
        assert (at(105), 2) == (firing.at, firing.count)


class TestRepeatedViews:
    def listener(self, **changes: Any) -> Listener:
        fields: dict[str, Any] = {"count": 3, "window": WEEK, "message": OFFER}
        fields.update(changes)
        return Listener([Trigger.repeated_views("browsing", **fields)])

    def test_third_view_in_a_category_fires(self) -> None:
        """Three views of one category within the window fire on the third."""
        li = self.listener()
        out = [li.observe(sig("viewed", m, category="apparel.t_shirts")) for m in (0, 60, 120)]
        assert [(), ()] == out[:2]
        (firing,) = out[2]
        assert ("apparel.t_shirts", 3, at(120)) == (firing.category, firing.count, firing.at)

    def test_categories_count_apart(self) -> None:
        """Views in different categories do not add up."""
        li = self.listener()
        for m, c in ((0, "apparel.t_shirts"), (1, "apparel.coats"), (2, "apparel.t_shirts")):
            assert () == li.observe(sig("viewed", m, category=c))

    def test_old_views_fall_out_of_the_window(self) -> None:
        """Views older than the window no longer count."""
        li = self.listener()
        li.observe(sig("viewed", 0, category="apparel"))
        li.observe(sig("viewed", 60, category="apparel"))
        assert () == li.observe(sig("viewed", 60 * 24 * 7 + 1, category="apparel"))

    def test_category_filter(self) -> None:
        """A trigger for a category ignores views elsewhere."""
        li = self.listener(category="apparel")
        for m in range(3):
            assert () == li.observe(sig("viewed", m, category="garden"))

    def test_cooldown_keeps_it_quiet(self) -> None:
        """After a firing the trigger stays quiet for the contact until the cooldown ends."""
        li = self.listener(count=1, cooldown=DAY)
        assert 1 == len(li.observe(sig("viewed", 0, category="apparel")))
        assert () == li.observe(sig("viewed", 60, category="apparel"))
        assert 1 == len(li.observe(sig("viewed", 60 * 24, category="apparel")))

    def test_cooldown_is_per_contact(self) -> None:
        """One contact's firing does not quiet another's."""
        li = self.listener(count=1, cooldown=DAY)
        li.observe(sig("viewed", 0, category="apparel"))
        assert [("browsing", "c-2")] == names(
            li.observe(sig("viewed", 1, category="apparel", contact_id="c-2"))
        )

    def test_debounce_fires_once_for_a_burst(self) -> None:
        """With a debounce, a burst of matches fires once, when the contact pauses."""
        li = self.listener(count=1, debounce=dt.timedelta(minutes=30))
        for m in (0, 10, 20):
            assert () == li.observe(sig("viewed", m, category="apparel", id=f"v-{m}"))
        assert () == li.tick(at(49))
        (firing,) = li.tick(at(51))
        assert (at(50), 3) == (firing.at, firing.count)
        assert ("v-0", "v-10", "v-20") == firing.signal_ids

    def test_a_repeated_signal_counts_once(self) -> None:
        """The same signal id observed twice counts once."""
        li = self.listener(count=2)
        li.observe(sig("viewed", 0, category="apparel", id="v-1"))
        assert () == li.observe(sig("viewed", 0, category="apparel", id="v-1"))


class TestUpdates:
    def test_price_drop_fires_for_recent_viewers(self) -> None:
        """A price drop fires for those who viewed the product within the window, only."""
        li = Listener([Trigger.price_drop("drop", window=WEEK, message=OFFER)])
        li.observe(sig("viewed", 0, subject="p-1", contact_id="c-1"))
        li.observe(sig("viewed", 0, subject="p-2", contact_id="c-2"))
        li.observe(sig("viewed", -60 * 24 * 8, subject="p-1", contact_id="c-3"))
        drop = Update(kind="price_drop", subject="p-1", at=at(60), category="apparel")
        (firing,) = li.observe_update(drop)
        assert ("c-1", "p-1", "apparel") == (firing.contact_id, firing.subject, firing.category)
        assert () == li.observe_update(Update(kind="back_in_stock", subject="p-1", at=at(61)))

    @pytest.mark.parametrize(("size", "fires"), [("M", True), ("XL", False), (None, True)], ids=str)
    def test_back_in_stock_in_their_size(self, size: str | None, fires: bool) -> None:
        """Back in stock fires in the contact's size, or when their size is unknown."""
        sizes = {("c-1", "apparel.shirt_size"): size}
        li = Listener(
            [
                Trigger.back_in_stock(
                    "restock", window=WEEK, message=OFFER, size_fact="apparel.shirt_size"
                )
            ],
            sizes=lambda cid, key: sizes.get((cid, key)),
        )
        li.observe(sig("viewed", 0, subject="p-1"))
        out = li.observe_update(
            Update(kind="back_in_stock", subject="p-1", at=at(5), sizes=["S", "M"])
        )
        assert fires == bool(out)

    def test_team_result_fires_for_followers(self) -> None:
        """A team's result fires for the contacts who stated a preference for the team."""
        li = Listener([Trigger.team_result("match", message=message("relationship"))])
        li.observe(sig("stated_preference", 0, subject="fc-koeln"))
        li.observe(sig("stated_preference", 0, subject="fc-bayern", contact_id="c-2"))
        out = li.observe_update(Update(kind="team_result", subject="fc-koeln", at=at(60 * 24)))
        assert [("match", "c-1")] == names(out)


class TestEach:
    def test_trip_booked_fires_at_once(self) -> None:
        """A booked trip fires as it is observed."""
        li = Listener([Trigger.trip_booked("trip", message=message("relationship"))])
        assert () == li.observe(sig("viewed", 0))
        (firing,) = li.observe(sig("booked_travel", 1, subject="trip-1", id="b-1"))
        assert ("trip-1", ("b-1",)) == (firing.subject, firing.signal_ids)
        assert "trip: fired at" in firing.explain()


class TestPolicy:
    trigger = Trigger.trip_booked("trip", message=message())

    def test_a_firing_without_consent_is_denied(self) -> None:
        """A firing goes through decide: without consent, its marketing message is denied."""
        person = contact(jurisdiction="DE")
        li = Listener(
            [self.trigger], decide=lambda f: pt.decide(person, f.message, consents=(), at=f.at)
        )
        (firing,) = li.observe(sig("booked_travel", 0))
        assert firing.decision is not None
        assert pt.Verdict.DENY == firing.decision.verdict
        assert firing.decision == firing.decide(person, consents=())

    def test_with_consent_the_policy_may_allow(self) -> None:
        """The same firing for a contact with consent is decided on its merits."""
        person = contact(jurisdiction="DE")
        (firing,) = Listener([self.trigger]).observe(sig("booked_travel", 0))
        assert firing.decision is None
        assert pt.Verdict.DENY != firing.decide(person, consents=FULL).verdict


class TestState:
    triggers = (
        Trigger.abandoned_cart("cart", delay=HOUR, message=OFFER),
        Trigger.repeated_views("browsing", count=3, window=DAY, message=OFFER),
        Trigger.price_drop("drop", window=DAY, message=OFFER, cooldown=DAY),
    )

    def test_state_is_pruned_as_time_passes(self) -> None:
        """Once every window has passed, the listener holds nothing about anyone."""
        li = Listener(self.triggers)
        for n in range(50):
            li.observe(sig("viewed", n, subject=f"p-{n}", category="apparel",
                           contact_id=f"c-{n}", id=f"s-{n}"))  # fmt: skip
        li.observe(sig("added_to_cart", 0, subject="p-1"))
        assert 50 == len(li)
        li.tick(at(60 * 24 * 2))
        assert 0 == len(li)
        assert {"version": 1, "clock": "2026-12-02T15:00:00Z", "contacts": {}} == li.snapshot()

    def test_state_round_trips_per_contact(self) -> None:
        """A contact's state saved and loaded into another listener fires the same."""
        li = Listener(self.triggers)
        li.observe(sig("added_to_cart", 0, subject="p-1", category="apparel", id="a-1"))
        li.observe(sig("viewed", 1, subject="p-1", category="apparel"))
        data = li.state("c-1")
        assert data is not None
        other = Listener(self.triggers)
        other.load_state("c-1", data)
        assert data == other.state("c-1")
        assert li.tick(at(120)) == other.tick(at(120))

    def test_forget_drops_everything(self) -> None:
        """Forgetting a contact drops their state and pending firings."""
        li = Listener(self.triggers)
        li.observe(sig("added_to_cart", 0, subject="p-1"))
        li.observe(sig("viewed", 1, subject="p-2"))
        li.forget("c-1")
        assert (None, 0) == (li.state("c-1"), len(li))
        assert () == li.tick(at(120))
        assert () == li.observe_update(Update(kind="price_drop", subject="p-2", at=at(121)))

    def test_state_of_removed_triggers_is_forgotten(self) -> None:
        """A saved state loaded with fewer triggers keeps only what those triggers use."""
        li = Listener(self.triggers)
        li.observe(sig("added_to_cart", 0, subject="p-1"))
        li.observe(sig("viewed", 1, subject="p-2", contact_id="c-2"))
        other = Listener.from_snapshot(self.triggers[2:], li.snapshot())
        assert () == other.tick(at(120))
        assert (None, ["drop"]) == (other.state("c-1"), list(other.state("c-2")["seen"]))

    def test_clock_never_moves_back(self) -> None:
        """A call with an earlier instant happens at the listener's clock."""
        li = Listener(self.triggers)
        li.tick(at(100))
        li.tick(at(50))
        assert at(100) == li.clock

    def test_unique_names(self) -> None:
        """Two triggers with one name are refused."""
        with pytest.raises(pt.exceptions.InvalidFieldError):
            Listener([self.triggers[0], self.triggers[0]])
