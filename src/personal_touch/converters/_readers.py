"""
Readers of JSON inputs for the command line and the tour: streamed contacts and plan inputs.

Kept apart from the hooks: a plan input names the planner's ``Writer`` and detection's
``Event``, modules that a converter which only structures contacts need not load.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any, cast

import attrs

from .._consent import ConsentGrant, ConsentLedger
from .._contacts import Contact
from .._interactions import Interaction
from .._moments._model import Event
from .._planning._team import Writer
from ..exceptions import InvalidInputError

if TYPE_CHECKING:
    from ._converter import Converter


@attrs.frozen
class LineProblem:
    """
    A line of a contacts file that is not a valid contact (line number and what is wrong).
    """

    line: int
    errors: tuple[str, ...]

    def __str__(self) -> str:
        return f"line {self.line}: " + "; ".join(self.errors)


class LineProblems:
    """
    A sink for skipped lines that stays small: how many, and the first *keep* of them.
    """

    def __init__(self, keep: int = 20) -> None:
        self.count = 0
        self.keep = keep
        self.first: list[LineProblem] = []

    def append(self, problem: LineProblem) -> None:
        """
        Count *problem*; keep it if fewer than *keep* are kept.
        """
        self.count += 1
        if len(self.first) < self.keep:
            self.first.append(problem)


_Problems = list[LineProblem] | LineProblems
_NOT_CONTACTS = (
    "expected JSON lines of contacts, an array of contacts or an object with a 'contacts' array @ $"
)


def read_contacts(
    fh: IO[str] | IO[bytes], converter: Converter, problems: _Problems
) -> Iterator[Contact]:
    """
    Contacts from *fh* (text, or bytes read as UTF-8), streamed from JSON lines.

    Also reads a JSON array of contacts or an object with a ``"contacts"`` array (whole).
    Lines that are not valid contacts (or not UTF-8, or not JSON) are recorded in *problems*
    and skipped.

    Raises:
        InvalidInputError: The input is empty, or a whole document that is not UTF-8, not
            JSON, or neither an array nor an object with a ``"contacts"`` array.
    """
    raw = fh.readline()
    first = _text(raw)
    stripped = "" if first is None else first.strip()
    if first is None or (stripped.startswith("{") and _is_complete(stripped)):
        yield from _lines(raw, fh, converter, problems)
        return
    rest = _text(fh.read())
    if rest is None:
        raise InvalidInputError(["not UTF-8 text @ $"], what="contacts")
    text = first + rest
    if not text.strip():
        raise InvalidInputError(["the input is empty @ $"], what="contacts")
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise InvalidInputError(
            [f"not valid JSON: {exc.msg} ({where}) @ $"], what="contacts"
        ) from None
    except (RecursionError, ValueError):
        raise InvalidInputError(["not valid JSON @ $"], what="contacts") from None
    items = doc.get("contacts") if isinstance(doc, dict) else doc
    if not isinstance(items, list):
        raise InvalidInputError([_NOT_CONTACTS], what="contacts")
    for n, item in enumerate(items, start=1):
        try:
            yield converter.structure(item, Contact)
        except InvalidInputError as exc:
            problems.append(LineProblem(n, exc.errors))


def _text(raw: str | bytes) -> str | None:
    """
    *raw* as text: ``None`` when it is bytes that are not UTF-8.
    """
    if isinstance(raw, str):
        return raw
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _is_complete(text: str) -> bool:
    try:
        value = json.loads(text)
    except (RecursionError, ValueError):
        return False
    return isinstance(value, dict) and "contacts" not in value


def _lines(
    first: str | bytes, fh: IO[str] | IO[bytes], converter: Converter, problems: _Problems
) -> Iterator[Contact]:
    yield from _one(first, 1, converter, problems)
    for n, line in enumerate(cast("Iterable[str | bytes]", fh), start=2):
        yield from _one(line, n, converter, problems)


def read_lines(
    lines: Iterable[str | bytes], start: int, converter: Converter, problems: _Problems
) -> Iterator[Contact]:
    """
    Contacts from JSON *lines* numbered from *start* (a chunk of a file), bad ones skipped.
    """
    for n, line in enumerate(lines, start=start):
        yield from _one(line, n, converter, problems)


def _one(raw: str | bytes, n: int, converter: Converter, problems: _Problems) -> Iterator[Contact]:
    line = _text(raw)
    if line is None:
        problems.append(LineProblem(n, ("not UTF-8 text @ $",)))
        return
    if not line.strip():
        return
    try:
        yield converter.structure(json.loads(line), Contact)
    except RecursionError:
        problems.append(LineProblem(n, ("not valid JSON: nested too deeply @ $",)))
    except ValueError as exc:
        errors = exc.errors if isinstance(exc, InvalidInputError) else ("not valid JSON @ $",)
        problems.append(LineProblem(n, tuple(errors)))


@attrs.frozen(kw_only=True)
class PlanInput:
    """
    A plan input file: the sample data's shape plus optional ``team`` and ``events``.
    """

    at: dt.datetime | None
    contacts: tuple[Contact, ...]
    ledgers: dict[str, ConsentLedger]
    history: tuple[Interaction, ...]
    team: tuple[Writer, ...]
    events: tuple[Event, ...]


def read_plan_input(doc: dict[str, Any], converter: Converter) -> PlanInput:
    """
    Structure a plan input document.

    Raises:
        InvalidInputError: It does not fit; every problem, each with its path in the document.
    """
    errors: list[str] = []
    team = _part(converter, doc, "team", tuple[Writer, ...], errors)
    events = _part(converter, doc, "events", tuple[Event, ...], errors)
    contacts = _part(converter, doc, "contacts", tuple[Contact, ...], errors)
    grants = _part(converter, doc, "consents", tuple[ConsentGrant, ...], errors)
    history = _part(converter, doc, "history", tuple[Interaction, ...], errors)
    at = _part(converter, doc, "at", dt.datetime, errors) if doc.get("at") else None
    if errors:
        raise InvalidInputError(errors, what="plan input")
    by_contact: dict[str, list[ConsentGrant]] = {c.id: [] for c in contacts}
    for g in grants:
        by_contact.setdefault(g.contact_id, []).append(g)
    return PlanInput(
        at=at,
        contacts=contacts,
        ledgers={cid: ConsentLedger(cid, tuple(gs)) for cid, gs in by_contact.items()},
        history=history,
        team=team,
        events=events,
    )


def _part(converter: Converter, doc: dict[str, Any], key: str, kind: Any, errors: list[str]) -> Any:
    """
    ``doc[key]`` structured as *kind* (default: empty); problems go to *errors* under ``$.key``.
    """
    try:
        return converter.structure(doc.get(key, []), kind)
    except InvalidInputError as exc:
        for e in exc.errors:
            problem, sep, path = e.rpartition(" @ $")
            errors.append(f"{problem} @ $.{key}{path}" if sep else f"{e} @ $.{key}")
        return ()
