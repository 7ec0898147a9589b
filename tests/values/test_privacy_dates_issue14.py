"""
Issue 14 item 2: privacy signals and registry listings carry the instant they apply from.
"""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest
from hypothesis import given, settings

import personal_touch as pt
from builders import AT, codes, customer_in, decide, message
from personal_touch import converters
from personal_touch.exceptions import InvalidFieldError, InvalidInputError, NaiveDateTimeError
from personal_touch.values import DncListing, DncRegistry
from strategies import privacy_signals

LA = "America/Los_Angeles"
AUDIENCE = pt.ContentFlags.declared(custom_audience=True)


class TestPrivacySignals:
    def test_booleans_apply_at_once(self) -> None:
        """The old boolean inputs keep working and apply whatever the instant."""
        p = pt.PrivacySignals(global_privacy_control=True, limit_sensitive_data=True)
        assert p.has_global_privacy_control(AT.subtract(years=10))
        assert p.limits_sensitive_data(AT.subtract(years=10))
        assert not pt.PrivacySignals().has_global_privacy_control(AT)

    def test_dated_signals_apply_from_their_instant(self) -> None:
        """A GPC signal applies from when it was first seen; a limit request from its date."""
        p = pt.PrivacySignals(
            global_privacy_control_seen_at=AT, limit_sensitive_data_requested_at=AT
        )
        before = AT.subtract(seconds=1)
        assert not p.has_global_privacy_control(before)
        assert p.has_global_privacy_control(AT)
        assert not p.limits_sensitive_data(before)
        assert p.limits_sensitive_data(AT)

    def test_listings(self) -> None:
        """Undated and dated listings are both read; an undated one comes first."""
        p = pt.PrivacySignals(
            dnc_registries={"uk_tps"},
            dnc_listings=[DncListing("uk_tps", AT), DncListing("us_national_dnc", AT)],
        )
        assert (None, AT) == p.listed_since("uk_tps")
        assert (AT,) == p.listed_since(DncRegistry.US_NATIONAL_DNC)
        assert () == p.listed_since("ca_dncl")
        assert {DncRegistry.UK_TPS, DncRegistry.US_NATIONAL_DNC} == p.registries

    def test_bad_inputs_name_the_field(self) -> None:
        """A wrong registry or a naive instant raises a typed error naming its field."""
        with pytest.raises(InvalidFieldError) as info:
            DncListing("nowhere", AT)
        assert "registry" == info.value.field
        with pytest.raises(NaiveDateTimeError) as naive:
            DncListing("uk_tps", dt.datetime(2026, 1, 1))
        assert "listed_at" == naive.value.field
        with pytest.raises(InvalidFieldError) as listing:
            pt.PrivacySignals(dnc_listings=["uk_tps"])  # type: ignore[list-item]
        assert "dnc_listings" == listing.value.field
        with pytest.raises(NaiveDateTimeError):
            pt.PrivacySignals(global_privacy_control_seen_at=dt.datetime(2026, 1, 1))


class TestJson:
    @settings(max_examples=100)
    @given(privacy_signals)
    def test_round_trip(self, signals: pt.PrivacySignals) -> None:
        """Signals with dated listings and instants survive JSON."""
        assert signals == converters.structure(converters.unstructure(signals), pt.PrivacySignals)

    def test_old_documents_still_read(self) -> None:
        """A document of the old boolean and set form still reads."""
        doc = {"global_privacy_control": True, "dnc_registries": ["uk_tps"]}
        p = converters.structure(doc, pt.PrivacySignals)
        assert p.has_global_privacy_control(AT)
        assert (None,) == p.listed_since("uk_tps")

    def test_bad_document_names_the_path(self) -> None:
        """Bad listings are reported with their JSON path and no input value."""
        doc = {"dnc_listings": [{"registry": "uk_tps", "listed_at": "2026-01-01T00:00:00"}]}
        with pytest.raises(InvalidInputError) as info:
            converters.structure(doc, pt.PrivacySignals)
        assert "$.dnc_listings[0].listed_at" in str(info.value)


class TestRulesReadTheDates:
    def test_gpc_applies_from_first_seen(self) -> None:
        """California: a custom-audience e-mail goes before the signal is first seen, not after."""
        seen = pendulum.datetime(2026, 11, 30, 12, tz=LA)
        c = customer_in("US-CA", privacy=pt.PrivacySignals(global_privacy_control_seen_at=seen))
        m = message(content=AUDIENCE)
        assert "opt_out_sale_sharing" not in codes(decide(c, m, at=seen.subtract(minutes=1)))
        assert "opt_out_sale_sharing" in codes(decide(c, m, at=seen))

    def test_limit_applies_from_request(self) -> None:
        """California: sensitive targeting is refused from the instant of the request on."""
        asked = pendulum.datetime(2026, 11, 30, 12, tz=LA)
        fact = pt.Fact(
            key="finances.debt", value="x", provenance="stated",
            recorded_at=AT.subtract(days=3), sensitivity="finances",
        )  # fmt: skip
        signals = pt.PrivacySignals(limit_sensitive_data_requested_at=asked)
        c = customer_in("US-CA", facts=(fact,), privacy=signals)
        m = message(targeting_facts={"finances.debt"})
        assert "spi_limit" not in codes(decide(c, m, at=asked.subtract(minutes=1)))
        assert "spi_limit" in codes(decide(c, m, at=asked))
