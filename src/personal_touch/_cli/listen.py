"""
``python -m personal_touch listen EVENTS.jsonl``: replay signals and provider events.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .. import converters as _converters
    from .._contacts import Contact
    from .._listen import Firing, Listener
    from .._signals import Signal
    from ..webhooks import WebhookReport

_PROGRESS_EVERY = 10_000
#: How many skipped lines are named (all are counted).
_SHOWN = 20
#: The key of each kind of line.
_KINDS = ("signal", "update", "provider")


def register(sub: Any) -> None:
    """
    Add the ``listen`` sub-command.
    """
    p: argparse.ArgumentParser = sub.add_parser(
        "listen",
        help="replay signals and provider webhooks: learned facts, suppressions, firings",
        description='Replay JSON lines, each {"signal": ...}, {"update": ...} or '
        '{"provider": "sendgrid", "payload": ...}, in order. Print what takes effect as JSON '
        "lines: facts learned from signals, suppressions from provider events and the firings "
        "of --triggers. Firings are "
        "candidates: decide each before it goes. Exit 0, 1 when lines were skipped, 2 when "
        "an input cannot be used.",
    )
    p.add_argument("events", help="the JSON-lines file, or - for standard input")
    p.add_argument("--triggers", help="a JSON file with a list of triggers")
    p.add_argument(
        "--at",
        help="let time pass to this instant after the last line (ISO 8601 with offset), "
        "so that pending firings (abandoned carts) fire",
    )
    p.set_defaults(func=run)


class _Replay:
    """
    The replay's listener, converter and counts; turns one line into output lines.
    """

    def __init__(self, listener: Listener, conv: _converters.Converter) -> None:
        self.listener = listener
        self.conv = conv
        self.contacts: dict[str, Contact] = {}
        self.counts = {"lines": 0, "learned": 0, "firings": 0, "suppressions": 0, "skipped": 0}
        self.problems: list[str] = []
        self.n = 0

    def line(self, n: int, raw: bytes) -> list[str]:
        """
        The output of line *n*; a line that cannot be used is counted and named.
        """
        from ..exceptions import InvalidInputError, PersonalTouchError

        self.counts["lines"] += 1
        self.n = n
        try:
            return self._line(raw)
        except InvalidInputError as exc:
            problem = "; ".join(exc.errors)
        except PersonalTouchError as exc:
            problem = f"{exc} @ $"
        except (ValueError, RecursionError):
            problem = "not valid JSON @ $"
        self.counts["skipped"] += 1
        if len(self.problems) < _SHOWN:
            self.problems.append(f"line {n}: {problem}")
        return []

    def _line(self, raw: bytes) -> list[str]:
        from .._listen import Update
        from .._signals import Signal
        from ..exceptions import InvalidInputError

        data = json.loads(raw)
        keys = [k for k in _KINDS if isinstance(data, dict) and k in data]
        if len(keys) != 1:
            raise InvalidInputError(["expected one of 'signal', 'update' or 'provider' @ $"])
        if keys[0] == "signal":
            signal = _nested(self.conv, data, "signal", Signal)
            return self.learned(signal) + self.firings(self.listener.observe(signal))
        if keys[0] == "update":
            update = _nested(self.conv, data, "update", Update)
            return self.firings(self.listener.observe_update(update))
        return self.provider(data)

    def provider(self, data: dict[str, Any]) -> list[str]:
        """
        The suppressions of a provider's payload, and the firings due by its events' time.
        """
        report = _parse_provider(data)
        out: list[str] = []
        for event in report.events:
            out.extend(self.firings(self.listener.tick(event.at)))
            suppression = event.suppression()
            if suppression is not None:
                self.counts["suppressions"] += 1
                out.append(json.dumps({"suppression": self.conv.unstructure(suppression)}))
        if report.skipped:
            self.counts["skipped"] += 1
            if len(self.problems) < _SHOWN:
                where = "; ".join(f"{s.problem} @ $.payload{s.path[1:]}" for s in report.skipped)
                self.problems.append(f"line {self.n}: {where}")
        return out

    def learned(self, signal: Signal) -> list[str]:
        """
        What *signal* teaches about its contact, as JSON lines of changed facts.

        Each contact starts bare (created at its first signal) and keeps what it learned,
        so a repeated signal changes nothing.
        """
        from .._contacts import Contact
        from .._signals import learn

        cid = signal.contact_id
        contact = self.contacts.get(cid)
        if contact is None:
            contact = Contact(id=cid, created_at=signal.at)
        learned = learn(contact, (signal,), at=signal.at)
        self.contacts[cid] = learned.contact
        self.counts["learned"] += len(learned.changes)
        return [
            json.dumps({"learned": {"contact_id": cid, **self.conv.unstructure(change)}})
            for change in learned.changes
        ]

    def firings(self, firings: tuple[Firing, ...]) -> list[str]:
        """
        *firings* as JSON lines.
        """
        self.counts["firings"] += len(firings)
        return [json.dumps({"firing": self.conv.unstructure(f)}) for f in firings]

    def summary(self) -> str:
        c = self.counts
        return (
            f"listen: {c['lines']:,} lines, {c['learned']:,} learned, {c['firings']:,} firings, "
            f"{c['suppressions']:,} suppressions, {c['skipped']:,} skipped"
        )


def _nested(conv: _converters.Converter, data: dict[str, Any], key: str, cls: type[Any]) -> Any:
    """
    ``data[key]`` structured as *cls*, its problems' paths under ``$.<key>``.
    """
    from ..exceptions import InvalidInputError

    try:
        return conv.structure(data[key], cls)
    except InvalidInputError as exc:
        raise InvalidInputError([e.replace(" @ $", f" @ $.{key}", 1) for e in exc.errors]) from exc


def _parse_provider(data: dict[str, Any]) -> WebhookReport:
    from .. import webhooks
    from ..exceptions import InvalidInputError
    from ._time import parse_instant

    parsers: dict[str, Callable[[object], WebhookReport]] = {
        "sendgrid": webhooks.parse_sendgrid,
        "mailgun": webhooks.parse_mailgun,
        "postmark": webhooks.parse_postmark,
        "ses": webhooks.parse_ses,
    }
    name, payload = data.get("provider"), data.get("payload")
    if name == "twilio":
        received = data.get("received_at")
        if not isinstance(received, str):
            raise InvalidInputError(["twilio needs the instant it was received @ $.received_at"])
        return webhooks.parse_twilio(payload, received_at=parse_instant(received))  # type: ignore[arg-type]
    parser = parsers.get(name) if isinstance(name, str) else None
    if parser is None:
        known = ", ".join([*parsers, "twilio"])
        raise InvalidInputError([f"expected a provider ({known}) @ $.provider"])
    return parser(payload)


def run(args: argparse.Namespace) -> int:
    """
    Replay the events file and print what takes effect.
    """
    from .. import converters
    from .._listen import Listener, Trigger
    from ..exceptions import InvalidInputError, PersonalTouchError
    from ._input import OK, SKIPPED, Unusable, display, fail, open_binary, read_json, unusable
    from ._time import parse_instant

    conv = converters.make_converter()
    try:
        end = None if args.at is None else parse_instant(args.at)
        triggers = () if args.triggers is None else read_json(args.triggers)
        listener = Listener(conv.structure(triggers, tuple[Trigger, ...]))
        fh = open_binary(args.events)
    except Unusable as exc:
        return unusable("listen", exc)
    except InvalidInputError as exc:
        return fail("listen", exc.errors, path=args.triggers)
    except PersonalTouchError as exc:
        return fail("listen", [str(exc)])
    replay = _Replay(listener, conv)
    try:
        _replay(replay, fh)
    finally:
        if args.events != "-":
            fh.close()
    if end is not None:
        sys.stdout.writelines(line + "\n" for line in replay.firings(listener.tick(end)))
    sys.stderr.write(replay.summary() + "\n")
    if not replay.counts["skipped"]:
        return OK
    sys.stderr.write(
        f"listen: skipped {replay.counts['skipped']} line(s) of {display(args.events)}:\n"
        + "".join(f"  - {p}\n" for p in replay.problems)
    )
    return SKIPPED


def _replay(replay: _Replay, fh: IO[bytes]) -> None:
    progress = sys.stderr.isatty()
    write = sys.stdout.write
    for n, raw in enumerate(fh, start=1):
        if not raw.strip():
            continue
        for line in replay.line(n, raw):
            write(line + "\n")
        if progress and n % _PROGRESS_EVERY == 0:
            sys.stderr.write(f"\r{replay.summary()}")
    if progress:
        sys.stderr.write("\r")
