"""
Sticky assignments: the variation a unit was given, recorded once and honoured over re-hashing.

GrowthBook's sticky bucketing keeps a unit in the variation it first saw even when the
experiment's weights, coverage or namespace change later.  A :class:`StickyAssignment` is that
record as a value (experiment key, unit id, variation, when); :func:`assign_variation` returns
its variation when one matches and hashes otherwise, exactly as GrowthBook assigns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import pendulum

from .._time import check_aware, to_datetime
from .._validators import text
from ..exceptions import InvalidFieldError
from ._buckets import Namespace, bucket_ranges, choose_variation, in_namespace
from ._hashing import hash as _hash
from ._hashing import hash_many

__all__ = ["StickyAssignment", "assign_variation", "assign_variations"]

MIN_VARIATIONS = 2


def _variation(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validate for attrs: a variation is an index, an int from zero up."""
    if type(value) is not int or value < 0:
        raise InvalidFieldError(attribute.name, "expected an int >= 0 (a variation's index)")


@attrs.frozen(kw_only=True)
class StickyAssignment:
    """
    The variation a unit was assigned in an experiment, and when: it wins over re-hashing.

    Store these (the converters give them a JSON shape) and pass the unit's record to
    :func:`assign_variation` so that changing weights or coverage never moves someone who has
    already been exposed.

    Attributes:
        experiment_key: The experiment's key.
        unit_id: The unit (person, device...) it was assigned.
        variation: The variation's index.
        at: When the assignment was first made (aware).

    Examples:
        >>> import pendulum
        >>> from personal_touch.experiments import StickyAssignment
        >>> StickyAssignment(
        ...     experiment_key="welcome",
        ...     unit_id="c-1",
        ...     variation=1,
        ...     at=pendulum.datetime(2026, 3, 1, tz="UTC"),
        ... ).variation
        1

    .. versionadded:: 0.4.0
    """

    experiment_key: str = attrs.field(validator=text("experiment_key"))
    unit_id: str = attrs.field(validator=text("unit_id"))
    variation: int = attrs.field(validator=_variation)
    at: pendulum.DateTime = attrs.field(converter=to_datetime, validator=check_aware)

    def applies_to(self, experiment_key: str, unit_id: str, *, variations: int) -> bool:
        """
        Say whether this record is *unit_id*'s in *experiment_key* and names one of *variations*.

        A record whose variation no longer exists (the experiment lost variations) does not
        apply, and the unit is hashed again, as GrowthBook does.
        """
        return (
            self.experiment_key == experiment_key
            and self.unit_id == unit_id
            and self.variation < variations
        )


def assign_variation(
    unit_id: str,
    *,
    experiment_key: str,
    variations: int,
    weights: Sequence[float] | None = None,
    coverage: float = 1.0,
    seed: str | None = None,
    hash_version: int = 1,
    namespace: Namespace | None = None,
    sticky: StickyAssignment | None = None,
) -> int | None:
    """
    Return *unit_id*'s variation in an experiment, or ``None`` when it is not in it.

    The steps are GrowthBook's: an experiment with fewer than two variations, or an empty
    unit id, includes nobody; a matching *sticky* assignment wins outright (namespace and
    coverage are not checked again); otherwise a unit outside *namespace* is not in the
    experiment, and the unit's hash (seeded with *seed*, by default the experiment key) picks
    the range from :func:`bucket_ranges` it falls in (``None`` in a coverage gap).

    Args:
        unit_id: The unit's id.
        experiment_key: The experiment's key (GrowthBook's ``key``).
        variations: How many variations.
        weights: Each variation's share (``None``: equal).
        coverage: The share of units included, in ``[0, 1]``.
        seed: The hash seed (GrowthBook's ``seed``; empty or ``None``: *experiment_key*).
        hash_version: GrowthBook's ``hashVersion`` (1 or 2).
        namespace: GrowthBook's ``namespace``: ``(id, start, end)``.
        sticky: The unit's recorded assignment, if any.

    Examples:
        >>> from personal_touch.experiments import StickyAssignment, assign_variation
        >>> assign_variation("3", experiment_key="welcome", variations=2)
        0
        >>> assign_variation("3", experiment_key="welcome", variations=2, coverage=0.01)
        >>> import pendulum
        >>> kept = StickyAssignment(
        ...     experiment_key="welcome",
        ...     unit_id="3",
        ...     variation=1,
        ...     at=pendulum.datetime(2026, 3, 1, tz="UTC"),
        ... )
        >>> assign_variation("3", experiment_key="welcome", variations=2, sticky=kept)
        1

    .. versionadded:: 0.4.0
    """
    if variations < MIN_VARIATIONS or not unit_id:
        return None
    if sticky is not None and sticky.applies_to(experiment_key, unit_id, variations=variations):
        return sticky.variation
    if namespace is not None and not in_namespace(unit_id, namespace):
        return None
    n = _hash(seed or experiment_key, unit_id, hash_version)
    if n is None:
        return None
    index = choose_variation(n, bucket_ranges(variations, coverage, weights))
    return None if index < 0 else index


def assign_variations(
    unit_ids: Sequence[str],
    *,
    experiment_key: str,
    variations: int,
    weights: Sequence[float] | None = None,
    coverage: float = 1.0,
    seed: str | None = None,
    hash_version: int = 1,
    namespace: Namespace | None = None,
    sticky: Mapping[str, StickyAssignment] | None = None,
) -> list[int | None]:
    """
    Return :func:`assign_variation` for every unit id, in order: the same answers, in bulk.

    Args:
        unit_ids: The units to assign (many at once: hashing runs in lockstep).
        experiment_key: The experiment's key (GrowthBook's ``key``).
        variations: How many variations.
        weights: Each variation's share (``None``: equal).
        coverage: The share of units included, in ``[0, 1]``.
        seed: The hash seed (GrowthBook's ``seed``; empty or ``None``: *experiment_key*).
        hash_version: GrowthBook's ``hashVersion`` (1 or 2).
        namespace: GrowthBook's ``namespace``: ``(id, start, end)``.
        sticky: Recorded assignments by unit id; each wins for its unit when it applies.

    Examples:
        >>> from personal_touch.experiments import assign_variations
        >>> assign_variations(["1", "2", "3"], experiment_key="welcome", variations=2)
        [1, 1, 0]

    .. versionadded:: 0.4.0
    """
    if variations < MIN_VARIATIONS:
        return [None] * len(unit_ids)
    ranges = bucket_ranges(variations, coverage, weights)
    hashes = hash_many(seed or experiment_key, unit_ids, hash_version)
    chosen: dict[float | None, int | None] = {None: None}
    out: list[int | None] = []
    for n in hashes:
        if n in chosen:
            index = chosen[n]
        else:
            found = choose_variation(n, ranges)  # type: ignore[arg-type]  # n is a float here
            index = chosen[n] = None if found < 0 else found
        out.append(index)
    if namespace is not None or sticky or "" in unit_ids:
        _overrule(
            out,
            unit_ids,
            experiment_key=experiment_key,
            variations=variations,
            namespace=namespace,
            sticky=sticky,
        )
    return out


def _overrule(
    out: list[int | None],
    unit_ids: Sequence[str],
    *,
    experiment_key: str,
    variations: int,
    namespace: Namespace | None,
    sticky: Mapping[str, StickyAssignment] | None,
) -> None:
    """Apply what wins over the hash in place: empty ids, the namespace, sticky assignments."""
    for i, unit_id in enumerate(unit_ids):
        record = sticky.get(unit_id) if sticky else None
        if record is not None and record.applies_to(experiment_key, unit_id, variations=variations):
            out[i] = record.variation
        elif not unit_id or (namespace is not None and not in_namespace(unit_id, namespace)):
            out[i] = None
