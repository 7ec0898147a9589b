from __future__ import annotations

import datetime as dt

import pendulum
from hypothesis import given, settings
from hypothesis import strategies as st

import personal_touch as pt
from builders import DOCUMENTED, call, customer_in, decide, grant, message

JURISDICTIONS = ["US-FL", "US-TX", "FR", "AU", "CA-ON", "GB", None]
ZONES = {
    "US-FL": "America/New_York",
    "US-TX": "America/Chicago",
    "FR": "Europe/Paris",
    "AU": "Australia/Sydney",
    "CA-ON": "America/Toronto",
    "GB": "Europe/London",
    None: "Australia/Perth",
}
CONSENTS = (
    grant(
        "marketing.phone",
        "prior_express_written_consent",
        granted_at=pendulum.datetime(2020, 1, 1),
        evidence=DOCUMENTED,
    ),
    grant(
        "marketing.sms",
        "prior_express_written_consent",
        granted_at=pendulum.datetime(2020, 1, 1),
        evidence=DOCUMENTED,
    ),
)
INSTANTS = st.datetimes(min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2027, 12, 31)).map(
    lambda d: pendulum.instance(d, tz="UTC")
)


class TestWindowsCombine:
    @settings(max_examples=60, deadline=None)
    @given(INSTANTS, st.sampled_from(JURISDICTIONS), st.sampled_from(["phone", "sms"]))
    def test_a_deferred_call_may_go_at_not_before(
        self, at: pendulum.DateTime, jurisdiction: str | None, channel: str
    ) -> None:
        """A deferred call or text is allowed at its not_before, which is never earlier."""
        c = customer_in(jurisdiction, timezone=ZONES[jurisdiction])
        m = call() if channel == "phone" else message("marketing", "sms")
        d = decide(c, m, consents=CONSENTS, at=at)
        if d.verdict is pt.Verdict.DEFER:
            assert d.not_before is not None
            assert d.not_before >= at
            again = decide(c, m, consents=CONSENTS, at=d.not_before)
            assert pt.Verdict.DEFER != again.verdict

    @settings(max_examples=40, deadline=None)
    @given(INSTANTS, st.sampled_from(JURISDICTIONS))
    def test_reasons_carry_no_personal_data(
        self, at: pendulum.DateTime, jurisdiction: str | None
    ) -> None:
        """Pack reasons never contain the contact's name or birth date."""
        c = customer_in(
            jurisdiction,
            timezone=ZONES[jurisdiction],
            name=pt.Name("Zelda", "Quux"),
            birth_date=dt.date(2012, 2, 29),
        )
        d = decide(c, message(), consents=CONSENTS, at=at)
        text = d.explain()
        assert "Zelda" not in text
        assert "Quux" not in text
        assert "2012-02-29" not in text
