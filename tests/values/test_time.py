from __future__ import annotations

import datetime as dt
import zoneinfo

import attrs
import babel
import pendulum
import pytest

from personal_touch import exceptions as ex
from personal_touch._time import (
    aware,
    aware_or_none,
    check_aware,
    check_aware_or_none,
    locale,
    normalize_locale,
    normalize_timezone,
    timezone,
    to_datetime,
    to_datetime_or_none,
)


@attrs.define
class _Holder:
    when: object = attrs.field(converter=to_datetime, validator=check_aware)
    maybe: object = attrs.field(
        default=None, converter=to_datetime_or_none, validator=check_aware_or_none
    )


class TestAware:
    def test_pendulum_passes_through(self) -> None:
        """A pendulum DateTime is returned as is."""
        at = pendulum.datetime(2026, 1, 1, tz="Europe/Berlin")
        assert at is aware(at, "at")

    def test_stdlib_aware_converted(self) -> None:
        """An aware stdlib datetime becomes a pendulum DateTime at the same instant."""
        d = dt.datetime(2026, 3, 29, 1, 30, tzinfo=zoneinfo.ZoneInfo("Europe/Berlin"))
        out = aware(d, "at")
        assert pendulum.DateTime is type(out)
        assert d == out

    def test_naive_rejected(self) -> None:
        """A naive datetime raises NaiveDateTimeError naming the field."""
        with pytest.raises(ex.NaiveDateTimeError) as info:
            aware(dt.datetime(2026, 1, 1, 9), "granted_at")
        assert "granted_at" == info.value.field

    def test_naive_pendulum_rejected(self) -> None:
        """A pendulum DateTime without a time zone is as naive as a stdlib one."""
        with pytest.raises(ex.NaiveDateTimeError) as info:
            aware(pendulum.naive(2026, 1, 1, 9), "at")
        assert "at" == info.value.field

    @pytest.mark.parametrize("bad", ["2026-01-01T09:00Z", dt.date(2026, 1, 1), 0])
    def test_non_datetime_rejected(self, bad: object) -> None:
        """Strings, dates and numbers are not datetimes."""
        with pytest.raises(ex.InvalidFieldError) as info:
            aware(bad, "at")  # type: ignore[arg-type]
        assert "at" == info.value.field
        assert str(bad) not in str(info.value)

    def test_or_none(self) -> None:
        """None passes through aware_or_none."""
        assert aware_or_none(None, "at") is None
        assert pendulum.datetime(2026, 1, 1) == aware_or_none(pendulum.datetime(2026, 1, 1), "at")


class TestAttrsHooks:
    def test_converter_and_validator(self) -> None:
        """Aware values are converted; naive ones are refused naming the attribute."""
        h = _Holder(dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
        assert pendulum.DateTime is type(h.when)
        assert h.maybe is None
        with pytest.raises(ex.NaiveDateTimeError) as info:
            _Holder(dt.datetime(2026, 1, 1))
        assert "when" == info.value.field
        with pytest.raises(ex.NaiveDateTimeError) as info:
            _Holder(pendulum.datetime(2026, 1, 1), dt.datetime(2026, 1, 1))
        assert "maybe" == info.value.field

    def test_naive_pendulum_refused_by_validator(self) -> None:
        """A naive pendulum DateTime passes the converter and is refused by the validator."""
        with pytest.raises(ex.NaiveDateTimeError) as info:
            _Holder(pendulum.naive(2026, 1, 1))
        assert "when" == info.value.field

    def test_converter_leaves_garbage_for_validator(self) -> None:
        """Non-datetimes pass the converter unchanged and fail validation."""
        assert "x" == to_datetime("x")  # type: ignore[arg-type]
        assert to_datetime_or_none(None) is None
        with pytest.raises(ex.InvalidFieldError):
            _Holder("2026-01-01")


class TestTimezone:
    @pytest.mark.parametrize(
        "name", ["UTC", "Europe/Berlin", "Pacific/Honolulu", "Pacific/Kiritimati", "Asia/Kathmandu"]
    )
    def test_known(self, name: str) -> None:
        """IANA names are accepted and returned unchanged."""
        assert name == normalize_timezone(name)
        assert isinstance(timezone(name), pendulum.Timezone)

    @pytest.mark.parametrize("bad", ["Mars/Olympus_Mons", "+01:00", "", "europe/berlin!", 5])
    def test_unknown(self, bad: object) -> None:
        """Unknown zones and fixed offsets raise UnknownTimezoneError without the value."""
        with pytest.raises(ex.UnknownTimezoneError) as info:
            normalize_timezone(bad)  # type: ignore[arg-type]
        assert "timezone" == info.value.field
        assert isinstance(info.value, LookupError)
        if isinstance(bad, str) and bad:
            assert bad not in str(info.value)


class TestLocale:
    @pytest.mark.parametrize(
        ("given", "expected"),
        [
            ("de_AT", "de_AT"),
            ("de-AT", "de_AT"),
            ("fr_CA", "fr_CA"),
            ("pt_BR", "pt_BR"),
            ("en", "en"),
        ],
    )
    def test_canonical(self, given: str, expected: str) -> None:
        """Locales are validated with babel and canonicalised."""
        assert expected == normalize_locale(given)

    def test_babel_locale_accepted(self) -> None:
        """A babel Locale is accepted as is."""
        assert "ja_JP" == normalize_locale(babel.Locale("ja", "JP"))
        assert babel.Locale("ja", "JP") == locale("ja_JP")

    @pytest.mark.parametrize("bad", ["xx_YY", "klingon", "", 42, None])
    def test_unknown(self, bad: object) -> None:
        """Unknown locales raise UnknownLocaleError naming the field, not the value."""
        with pytest.raises(ex.UnknownLocaleError) as info:
            normalize_locale(bad)  # type: ignore[arg-type]
        assert "locale" == info.value.field
        if isinstance(bad, str) and bad:
            assert bad not in str(info.value)

    def test_fixed_offset_is_not_a_zone(self) -> None:
        """A fixed offset (which pendulum accepts as an int) is not an IANA zone."""
        with pytest.raises(ex.UnknownTimezoneError):
            timezone(3600)  # type: ignore[arg-type]
