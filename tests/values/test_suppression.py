from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import personal_touch as pt
from builders import AT, FULL, codes, decide_core, message, traveller
from personal_touch import exceptions as ex
from personal_touch.values import SuppressionReason

ALLOW, DENY = pt.Verdict.ALLOW, pt.Verdict.DENY
#: After every grant the builders give (a year before AT): no grant is newer than an entry.
SINCE = AT.subtract(days=300)
ADDRESS = "Anna.Muster@Example.com"


def by_id(**changes: object) -> pt.Suppression:
    fields: dict[str, object] = {"contact_id": "c-1", "since": SINCE}
    fields.update(changes)
    return pt.Suppression(**fields)  # type: ignore[arg-type]


def reachable(**changes: object) -> pt.Contact:
    points = (pt.ContactPoint("email", " anna.muster@example.com "),)
    return traveller(contact_points=points, **changes)


class TestSuppression:
    def test_defaults_bar_what_an_unsubscribe_covers(self) -> None:
        """By default an entry bars marketing, fundraising and consent requests, everywhere."""
        s = by_id()
        assert s.channel is None
        assert {"marketing", "fundraising", "consent_request"} == set(s.purposes)
        assert SuppressionReason.UNSUBSCRIBED is s.reason

    def test_needs_someone(self) -> None:
        """An entry names a contact id or an address digest."""
        with pytest.raises(ex.InvalidFieldError) as info:
            pt.Suppression(since=SINCE)
        assert "contact_id" == info.value.field

    def test_since_must_be_aware(self) -> None:
        """A naive since is a NaiveDateTimeError."""
        with pytest.raises(ex.NaiveDateTimeError):
            by_id(since=dt.datetime(2026, 1, 1))

    def test_never_holds_a_raw_address(self) -> None:
        """address_digest refuses anything but a digest, without echoing it."""
        with pytest.raises(ex.InvalidFieldError) as info:
            pt.Suppression(address_digest=ADDRESS, since=SINCE)
        assert "address_digest" == info.value.field
        assert ADDRESS not in str(info.value)
        s = pt.Suppression.for_address(ADDRESS, since=SINCE)
        assert pt.Suppression.digest(ADDRESS) == s.address_digest
        assert ADDRESS.lower() not in repr(s)
        assert s.address_digest not in repr(s)  # type: ignore[operator]

    def test_digest_normalizes(self) -> None:
        """Case, surrounding blanks and phone punctuation do not change the digest."""
        assert pt.Suppression.digest(ADDRESS) == pt.Suppression.digest(" anna.muster@example.com")
        assert pt.Suppression.digest("+1 (312) 555-0100") == pt.Suppression.digest("+13125550100")
        assert pt.Suppression.digest("a@example.com") != pt.Suppression.digest("b@example.com")

    def test_typos_are_typed(self) -> None:
        """Unknown channels, purposes and reasons are typed errors listing the choices."""
        with pytest.raises(ex.UnknownChannelError):
            by_id(channel="emial")
        with pytest.raises(ex.UnknownPurposeError) as info:
            by_id(purposes=["markting"])
        assert "markting" not in str(info.value)
        with pytest.raises(ex.InvalidFieldError) as info2:
            by_id(reason="bored")
        assert "bored" not in str(info2.value)

    def test_applies(self) -> None:
        """An entry applies from since on, on its channel, for its purposes."""
        sms = by_id(channel="sms", since=AT)
        mk = pt.MessagePurpose.MARKETING
        assert sms.applies(pt.Channel.SMS, mk, at=AT)
        assert not sms.applies(pt.Channel.SMS, mk, at=AT.subtract(seconds=1))
        assert not sms.applies(pt.Channel.EMAIL, mk, at=AT)
        assert not sms.applies(pt.Channel.SMS, pt.MessagePurpose.TRANSACTIONAL, at=AT)
        everything = by_id(purposes=())
        assert everything.applies(pt.Channel.SMS, pt.MessagePurpose.TRANSACTIONAL, at=AT)


class TestSuppressionList:
    def test_order_free(self) -> None:
        """The same entries in any order make an equal list."""
        a, b = by_id(), pt.Suppression.for_address(ADDRESS, since=AT)
        assert pt.SuppressionList([a, b]) == pt.SuppressionList([b, a, a])
        assert 2 == len(pt.SuppressionList([a, b]))

    def test_for_contact(self) -> None:
        """Entries match a contact by id or by one of its addresses."""
        other = pt.Suppression(contact_id="c-2", since=SINCE)
        address = pt.Suppression.for_address(ADDRESS, since=SINCE)
        lst = pt.SuppressionList([other]).add(address).add(by_id())
        assert {address, by_id()} == set(lst.for_contact(reachable()))
        assert (by_id(),) == lst.for_contact(traveller())
        assert lst.is_suppressed(reachable(), channel="email", purpose="marketing", at=AT)
        assert not lst.is_suppressed(reachable(), channel="email", purpose="survey", at=AT)

    def test_refuses_other_values(self) -> None:
        """A list holds suppressions only."""
        with pytest.raises(ex.InvalidFieldError):
            pt.SuppressionList(["c-1"])  # type: ignore[list-item]
        with pytest.raises(ex.InvalidFieldError):
            decide_core(suppressions=by_id())  # type: ignore[arg-type]


class TestDecideWithSuppressions:
    def test_erased_history_us_contact_stays_suppressed(self) -> None:
        """After the history is erased, a suppressed US contact with a grant is still denied."""
        c = traveller(jurisdiction="US-IL", timezone="America/Chicago")
        m = message()
        policy = pt.default_policy()
        assert ALLOW == decide_core(c, m, at=AT, policy=policy).verdict
        erased = by_id(reason="erased")
        d = decide_core(c, m, at=AT, policy=policy, suppressions=[erased])
        assert DENY == d.verdict
        reason = d.decisive_reason
        assert reason is not None
        assert ("consent", "suppressed") == (reason.rule, reason.code)
        assert reason.citation is not None
        assert reason.citation.startswith("CORE-SUPP-01")
        assert "erased" in reason.message
        assert "c-1" not in reason.message

    def test_by_address(self) -> None:
        """A hashed address on the list denies a contact holding that address."""
        entry = pt.Suppression.for_address(ADDRESS, since=SINCE, channel="email")
        d = decide_core(reachable(), suppressions=pt.SuppressionList([entry]))
        assert DENY == d.verdict
        assert "suppressed" in codes(d)
        assert ALLOW == decide_core(traveller(), suppressions=[entry]).verdict

    def test_other_channel_and_purpose_untouched(self) -> None:
        """An SMS entry leaves e-mail alone; transactional messages pass by default."""
        assert ALLOW == decide_core(suppressions=[by_id(channel="sms")]).verdict
        receipt = message(purpose="transactional")
        assert ALLOW == decide_core(m=receipt, suppressions=[by_id()]).verdict
        d = decide_core(m=receipt, suppressions=[by_id(purposes=())])
        assert DENY == d.verdict

    def test_before_since_allows(self) -> None:
        """An entry starting after the instant does not apply yet."""
        assert ALLOW == decide_core(suppressions=[by_id(since=AT.add(minutes=1))]).verdict
        assert DENY == decide_core(suppressions=[by_id(since=AT)]).verdict

    def test_a_later_implied_grant_does_not_lift_it(self) -> None:
        """A newer grant on a soft opt-in basis leaves the entry in force."""
        fresh = pt.ConsentGrant(
            id="g-new",
            contact_id="c-1",
            purpose="marketing.email",
            basis="soft_opt_in",
            granted_at=AT.subtract(hours=1),
        )
        d = decide_core(consents=[*FULL, fresh], suppressions=[by_id()])
        assert DENY == d.verdict

    def test_part_of_the_decision_id(self) -> None:
        """The entries naming the contact change the decision id; others do not."""
        plain = decide_core()
        later = decide_core(suppressions=[by_id(since=AT.add(days=1))])
        assert ALLOW == later.verdict
        assert plain.decision_id != later.decision_id
        other = pt.Suppression(contact_id="c-2", since=SINCE)
        assert plain.decision_id == decide_core(suppressions=[other]).decision_id

    @given(
        purpose=st.sampled_from(["marketing", "fundraising", "consent_request"]),
        channel=st.sampled_from(["email", "sms", "push", "phone", "post"]),
        everywhere=st.booleans(),
        jurisdiction=st.sampled_from(["BR", "DE", "GB", "US", "US-CA", "CA", "AU", None]),
    )
    def test_always_denies(
        self, purpose: str, channel: str, everywhere: bool, jurisdiction: str | None
    ) -> None:
        """A matching entry denies in every jurisdiction, whatever grants are not newer."""
        grant = pt.ConsentGrant(
            id="g", contact_id="c-1", purpose=f"{purpose}.{channel}", granted_at=SINCE
        )
        entry = by_id(channel=None if everywhere else channel)
        d = decide_core(
            traveller(jurisdiction=jurisdiction),
            message(purpose=purpose, channel=channel),
            consents=[grant],
            policy=pt.default_policy(),
            suppressions=[entry],
        )
        assert DENY == d.verdict
        assert "suppressed" in {r.code for r in d.reasons if r.rule == "consent"}
