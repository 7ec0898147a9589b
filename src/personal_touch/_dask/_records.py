"""
The verbs of :mod:`personal_touch.dask`, one partition at a time: plain iterables of records.

Nothing here needs Dask: the same code runs in one process and in every partition, so a
bag's results are the ones a single process gives.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from .._consent import ConsentGrant, ConsentLedger
from .._contacts import Contact
from .._interactions import Interaction
from .._moments._scan import scan_moments
from .._planning._planner import plan as _plan
from .._policy._engine import default_policy
from .._policy._io import DecisionRequest
from .._time import in_range
from ..converters import Converter, make_converter
from ..exceptions import InvalidInputError

if TYPE_CHECKING:
    from .._moments._model import Event
    from .._moments._options import MomentOptions
    from .._policy._policy import Policy


def decide_records(
    rows: Iterable[Mapping[str, Any]], *, policy: Policy | None = None
) -> Iterator[dict[str, Any]]:
    """
    Decide each decision request; yield the decisions as JSON.

    A request is the JSON form of :class:`~personal_touch.DecisionRequest`.

    Raises:
        InvalidInputError: A row is not a decision request; the problems name its position
            in *rows* (``$[3].contact.id``), never its values.
    """
    converter = make_converter()
    chosen = default_policy() if policy is None else policy
    for n, row in enumerate(rows):
        request = _structure(converter, row, DecisionRequest, n)
        yield converter.unstructure(request.decide(policy=chosen))


def scan_records(
    rows: Iterable[Mapping[str, Any]],
    *,
    at: dt.datetime,
    within: dt.timedelta,
    events: Iterable[Event] = (),
    options: MomentOptions | None = None,
) -> Iterator[dict[str, Any]]:
    """
    The moments of each record's contact (a contact record, or a bare contact), as JSON.

    Facts that do not fit their kind are skipped, as :func:`~personal_touch.scan_moments`
    skips them.

    Raises:
        InvalidInputError: A row is not a contact (record); the problems name its position.
    """
    converter = make_converter()
    contacts = (
        _structure(converter, _contact_of(row), Contact, n, "contact" if "contact" in row else "")
        for n, row in enumerate(rows)
    )
    scan = scan_moments(contacts, at=at, within=within, events=tuple(events), options=options)
    for moment in scan:
        yield converter.unstructure(moment)


def plan_records(
    rows: Iterable[Mapping[str, Any]],
    *,
    at: dt.datetime,
    within: dt.timedelta,
    events: Iterable[Event] = (),
    options: MomentOptions | None = None,
    policy: Policy | None = None,
    min_gap: dt.timedelta = dt.timedelta(days=2),
) -> Iterator[dict[str, Any]]:
    """
    Scan each contact record and plan its automated gestures: one plan (JSON) per record.

    Planning without a team is a matter of one contact at a time (the gap between two
    gestures is counted per contact), so each record's plan is the part of the plan for
    all records that concerns its contact.  Briefs for human writers share the writers'
    capacity across contacts: plan those in one process with :func:`~personal_touch.plan`.

    Raises:
        InvalidInputError: A row is not a contact record; the problems name its position.
    """
    now = in_range(at, "at")
    converter = make_converter()
    chosen = default_policy() if policy is None else policy
    found = tuple(events)
    for n, row in enumerate(rows):
        contact, ledger, history = _record(converter, row, n)
        moments = scan_moments([contact], at=now, within=within, events=found, options=options)
        result = _plan(
            moments,
            [contact],
            consents=[ledger],
            history=history,
            at=now,
            policy=chosen,
            min_gap=min_gap,
            within=within,
        )
        yield converter.unstructure(result)


def _contact_of(row: Mapping[str, Any]) -> Any:
    return row["contact"] if isinstance(row, Mapping) and "contact" in row else row


def _structure(converter: Converter, data: Any, cls: Any, n: int, key: str = "") -> Any:
    """*data* as *cls*; problems re-rooted at the row's position (``$[n].key...``)."""
    try:
        return converter.structure(data, cls)
    except InvalidInputError as exc:
        errors = list(exc.errors)
    root = f"$[{n}]" + (f".{key}" if key else "")
    moved = []
    for e in errors:
        problem, sep, path = e.rpartition(" @ $")
        moved.append(f"{problem} @ {root}{path}" if sep else f"{e} @ {root}")
    raise InvalidInputError(moved, what="records")


def _record(
    converter: Converter, row: Mapping[str, Any], n: int
) -> tuple[Contact, ConsentLedger, tuple[Interaction, ...]]:
    """A contact record's contact, ledger and history."""
    if not isinstance(row, Mapping) or "contact" not in row:
        raise InvalidInputError([f"a contact record needs a 'contact' @ $[{n}]"], what="records")
    contact: Contact = _structure(converter, row["contact"], Contact, n, "contact")
    grants = _structure(converter, row.get("consents", []), tuple[ConsentGrant, ...], n, "consents")
    history = _structure(converter, row.get("history", []), tuple[Interaction, ...], n, "history")
    own = tuple(g for g in grants if g.contact_id == contact.id)
    return contact, ConsentLedger(contact.id, own), history
