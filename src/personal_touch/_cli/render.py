"""
``python -m personal_touch render TEMPLATE REQUEST.json``: decide, then render a template.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse

    from .._decision import Decision
    from .._policy._io import DecisionRequest
    from .._sender import SenderProfile
    from .._templates import Rendered, Template


def register(sub: Any) -> None:
    """
    Add the ``render`` sub-command.
    """
    p: argparse.ArgumentParser = sub.add_parser(
        "render",
        help="decide a message and render a template for it",
        description="Read a template and a decision request (JSON: contact, message, at, "
        "consents, history). The request's message is rebuilt from the template's requirements "
        "(its level, the facts it reads, any claims of personal authorship), decided, and the "
        "template rendered for what the decision permits, with the disclosures it requires "
        "(taken from --sender where the decision needs the sender's details). Exit 0 when "
        "rendered, 1 when the decision does not allow the message or a required value or "
        "disclosure is unavailable, 2 for invalid input or a malformed template.",
    )
    p.add_argument("template", help="the template source file")
    p.add_argument("request", help="the request file, or - for standard input")
    p.add_argument("--subject", help="a subject line template (e-mail)")
    p.add_argument("--html", action="store_true", help="the template is HTML: escape values")
    p.add_argument("--locale", help="format for this locale instead of the contact's")
    p.add_argument(
        "--sender",
        metavar="SENDER.json",
        help="the sender profile (JSON: name, postal_address, unsubscribe_url, ...) that "
        "supplies the disclosures the decision requires",
    )
    p.add_argument(
        "--extra",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a value for {{ extra.NAME }} (repeatable)",
    )
    p.add_argument("--json", action="store_true", help="print the full result as JSON")
    p.set_defaults(func=run)


def _fail(lines: Sequence[str], path: str | None = None) -> int:
    from ._input import fail

    return fail("render", lines, path=path)


def _inputs(args: argparse.Namespace) -> int | tuple[Template, Any]:
    """
    The template and the request document; or the exit code when either is unusable.
    """
    from .._templates import Template
    from ..exceptions import TemplateError
    from ._input import Unusable, read_json, read_text, unusable

    if args.template == "-" and args.request == "-":
        return _fail(["the template and the request cannot both come from standard input"])
    try:
        source = read_text(args.template)
    except Unusable as exc:
        return unusable("render", exc)
    try:
        template = Template(source, subject=args.subject, html=args.html, name=args.template)
    except TemplateError as exc:
        return _fail([str(exc)], args.template)
    try:
        return template, read_json(args.request)
    except Unusable as exc:
        return unusable("render", exc)


def _sender(path: str | None) -> int | SenderProfile | None:
    """
    The sender profile in the JSON file *path* (or none); or the exit code when it is unusable.
    """
    from .. import converters
    from .._sender import SenderProfile
    from ..exceptions import InvalidInputError, PersonalTouchError
    from ._input import Unusable, read_json, unusable

    if path is None:
        return None
    try:
        data = read_json(path)
    except Unusable as exc:
        return unusable("render", exc)
    try:
        return converters.structure(data, SenderProfile)
    except InvalidInputError as exc:
        return _fail(exc.errors, path)
    except PersonalTouchError:
        return _fail(["not a valid sender profile @ $"], path)


def _extras(items: Sequence[str]) -> int | dict[str, str]:
    """
    The ``--extra NAME=VALUE`` values by name; or the exit code of a malformed one.
    """
    extra: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name:
            return _fail([f"--extra expects NAME=VALUE, got {name or '?'!r} @ $"])
        extra[name] = value
    return extra


def _decide(template: Template, data: Any, path: str) -> int | tuple[DecisionRequest, Decision]:
    """
    The request in *data* and its decision for the template's message; or the exit code.

    The request's message is rebuilt from the template's requirements before deciding.
    """
    import attrs

    from .. import converters
    from .._policy._io import DecisionRequest
    from .._templates import message_for
    from ..exceptions import InvalidInputError, PersonalTouchError

    try:
        request = converters.structure(data, DecisionRequest)
        asked = request.message
        message = message_for(
            template,
            purpose=asked.purpose,
            channel=asked.channel,
            authorship=asked.authorship,
            contact=request.contact,
            targeting_facts=asked.targeting_facts,
            product_category=asked.product_category,
            topic=asked.topic,
            in_reply_to_inquiry=asked.in_reply_to_inquiry,
            content=asked.content,
            moment_id=asked.moment_id,
            id=asked.id,
        )
        return request, attrs.evolve(request, message=message).decide()
    except InvalidInputError as exc:
        return _fail(exc.errors, path)
    except PersonalTouchError as exc:
        return _fail([f"{exc} @ $"], path)


def run(args: argparse.Namespace) -> int:
    """
    Decide the request, render the template and print the result.
    """
    from ..exceptions import MissingValueError, PersonalTouchError, RenderError

    extra = _extras(args.extra)
    if isinstance(extra, int):
        return extra
    inputs = _inputs(args)
    if isinstance(inputs, int):
        return inputs
    template, data = inputs
    sender = _sender(args.sender)
    if isinstance(sender, int):
        return sender
    decided = _decide(template, data, args.request)
    if isinstance(decided, int):
        return decided
    request, decision = decided
    if not decision.is_allowed:
        sys.stderr.write(decision.explain() + "\n")
        return 1
    try:
        rendered = template.render(
            request.contact, decision, locale=args.locale, extra=extra, sender=sender
        )
    except (MissingValueError, RenderError) as exc:
        sys.stderr.write(f"render: {exc}\n")
        return 1
    except PersonalTouchError as exc:
        return _fail([str(exc)])
    sys.stdout.write(_json(decision, rendered) if args.json else _text(rendered))
    return 0


def _json(decision: Decision, rendered: Rendered) -> str:
    """
    The full result as JSON text (``--json``).
    """
    out = {
        "decision_id": decision.decision_id,
        "level_granted": decision.level.value,
        "level_used": rendered.level.value,
        "subject": rendered.subject,
        "text": rendered.text,
        "facts_used": list(rendered.facts_used),
        "disclosures": [d.code.value for d in rendered.disclosures],
        "fallbacks": [f.describe() for f in rendered.fallbacks],
        "sms": None
        if rendered.sms is None
        else {"encoding": rendered.sms.encoding.value, "segments": rendered.sms.segments},
    }
    return json.dumps(out, indent=2, ensure_ascii=False) + "\n"


def _text(rendered: Rendered) -> str:
    """
    The rendered message as text, after its subject line if it has one.
    """
    subject = "" if rendered.subject is None else f"Subject: {rendered.subject}\n\n"
    return subject + rendered.text.rstrip("\n") + "\n"
