"""
Wall clocks for timing rules: an instant on the clock of each zone a contact may be in.

A contact without a time zone may be in any zone of their jurisdiction; zones at the same
UTC offset read the same wall time, so one per distinct offset is enough.  The policy keeps
one :class:`ZoneClock` per set of zones, which remembers the last instant it converted: a
batch decided for the same instant converts once per zone set, not once per contact.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import TYPE_CHECKING

from .._time import timezone
from ._fast import stamp

if TYPE_CHECKING:
    import pendulum

    from ._policy import Policy

__all__ = ["ZoneClock", "clock_for"]

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


class ZoneClock:
    """
    The wall clocks of *zones*, one per distinct UTC offset, remembering the last instant.
    """

    __slots__ = ("_last", "_tzinfos", "zones")

    def __init__(self, zones: tuple[str, ...]) -> None:
        self.zones = zones
        # Held here: the zoneinfo module keeps only a few zones loaded for certain.
        self._tzinfos = tuple(map(zoneinfo.ZoneInfo, zones)) if len(zones) > 1 else ()
        self._last: tuple[dt.timedelta, tuple[pendulum.DateTime, ...]] | None = None

    def times(self, at: pendulum.DateTime) -> tuple[pendulum.DateTime, ...]:
        """
        *at* on the wall clock of each zone, one per distinct UTC offset at *at*.

        Zones at the same offset read the same wall time, so a rule on the wall clock gives
        the same answer in each; the deferral fixed point re-checks every zone at the
        instant it settles on.
        """
        # The exact instant (a timedelta: equal for equal instants, whatever their zone
        # and fold), not the object: the clock serves every contact decided at it.
        key = dt.datetime.__sub__(at, _EPOCH)
        last = self._last
        if last is not None and last[0] == key:
            return last[1]
        zones = self.zones
        if len(zones) > 1:
            zones = representatives(zones, self._tzinfos, at)
        found = tuple(at.in_timezone(timezone(zone)) for zone in zones)
        self._last = (key, found)
        return found


def representatives(
    zones: tuple[str, ...], tzinfos: tuple[dt.tzinfo, ...], at: dt.datetime
) -> tuple[str, ...]:
    """One zone per distinct UTC offset among *zones* (*tzinfos* their zones) at *at*."""
    utc = dt.datetime.fromtimestamp(stamp(at), dt.UTC).replace(tzinfo=None)
    offsets = [tz.fromutc(utc.replace(tzinfo=tz)).utcoffset() for tz in tzinfos]
    return tuple({o: z for z, o in reversed(tuple(zip(zones, offsets, strict=True)))}.values())


def clock_for(policy: Policy, zones: tuple[str, ...]) -> ZoneClock:
    """The clock of *zones*, kept by *policy* with what it compiled."""
    key = ("clock", zones)
    found = policy._compiled.get(key)
    if found is None:
        found = policy._compiled[key] = ZoneClock(zones)
    return found  # type: ignore[return-value]
