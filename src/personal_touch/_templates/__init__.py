"""
The template engine: a small, safe language that renders only what a decision permits.

The pipeline is in separate steps, each its own module: :mod:`._lexer` (tokens),
:mod:`._parser` (a tree of frozen nodes, filters checked by :mod:`._filter_specs`),
:mod:`._analysis` (requirements), :mod:`._render` (closures per locale) with
:mod:`._resolve` (paths, under the decision's permissions) and :mod:`._filters` (filters
bound to a locale), and :mod:`._template` running them over a :mod:`._scope`.  Beneath them,
:mod:`._disclosures` (with its texts in :mod:`._disclosure_texts`) and :mod:`._formats`
(babel-backed formatting, through :mod:`._numbers` and :mod:`._dates`); :mod:`._lint`,
:mod:`._catalog` and :mod:`._sms` stand beside them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .._channels import Channel
from .._levels import Authorship
from .._message import ContentFlags, Message, MessagePurpose
from ._analysis import Requirements, TemplatePart
from ._catalog import TemplateCatalog, locale_chain
from ._disclosures import disclosure_text
from ._lint import LintFinding, lint_nodes
from ._parser import TemplateLimits
from ._results import Fallback, FallbackKind, Rendered
from ._sms import SmsCost, SmsEncoding, measure_sms
from ._template import Template
from ._variables import longest_key

if TYPE_CHECKING:
    from .._contacts import Contact

__all__ = [
    "Fallback",
    "FallbackKind",
    "LintFinding",
    "Rendered",
    "Requirements",
    "SmsCost",
    "SmsEncoding",
    "Template",
    "TemplateCatalog",
    "TemplateLimits",
    "TemplatePart",
    "disclosure_text",
    "lint",
    "locale_chain",
    "measure_sms",
    "message_for",
]


def _bodies(template: Template | TemplateCatalog) -> list[tuple[object, ...]]:
    templates = (
        list(template.templates.values()) if isinstance(template, TemplateCatalog) else [template]
    )
    bodies: list[tuple[object, ...]] = []
    for t in templates:
        bodies.append(t.nodes)
        if t.subject_nodes is not None:
            bodies.append(t.subject_nodes)
    return bodies


def lint(
    template: Template | TemplateCatalog, *, authorship: Authorship | str = Authorship.AUTOMATED
) -> tuple[LintFinding, ...]:
    """
    Claims of personal attention or authorship that *authorship* would make false.

    Checks the template's literal copy (text, ``default`` texts, plural forms, the subject) in
    English, German, French, Spanish and Portuguese: "I personally", "I was just looking at
    your blog", "handwritten", "this is not an automated e-mail", "written just for you", and a
    named executive writing "I" to everyone.  A human writing one to one
    (:attr:`Authorship.HUMAN`) claims nothing false; a reviewed draft
    (:attr:`Authorship.ASSISTED`) is still not handwritten.

    >>> import personal_touch as pt
    >>> [f.code for f in pt.lint(pt.Template("I was just looking at your blog!"))]
    ['personal_attention']
    >>> pt.lint(pt.Template("I was just looking at your blog!"), authorship="human")
    ()

    .. versionadded:: 0.1.0
    """
    return lint_nodes(*_bodies(template), authorship=Authorship(authorship))  # type: ignore[arg-type]


def _fact_keys(paths: Iterable[str], contact: Contact | None) -> frozenset[str]:
    if contact is None:
        return frozenset(paths)
    known = {f.key for f in contact.known_facts}
    found = (longest_key(path, known) for path in paths)
    return frozenset(key for key in found if key is not None)


def message_for(
    template: Template | TemplateCatalog,
    *,
    purpose: MessagePurpose | str,
    channel: Channel | str,
    authorship: Authorship | str = Authorship.AUTOMATED,
    contact: Contact | None = None,
    targeting_facts: Iterable[str] = (),
    product_category: str | None = None,
    topic: str | None = None,
    in_reply_to_inquiry: bool = False,
    content: ContentFlags | None = None,
    moment_id: str | None = None,
    id: str | None = None,
) -> Message:
    """
    The :class:`~personal_touch.Message` to ask :func:`personal_touch.decide` about.

    Build it before rendering *template*.

    Its ``level`` is the most personal level the template can reach, its ``content_facts``
    the fact paths it reads (with *contact*, resolved to the contact's fact keys, so
    ``facts.travel.next_trip.destination`` asks for ``travel.next_trip``), and its
    ``authorship_claims`` the codes :func:`lint` finds for *authorship*.

    >>> import personal_touch as pt
    >>> t = pt.Template("{% level personal %}Enjoy {{ facts.travel.city }}!{% endlevel %}")
    >>> m = pt.message_for(t, purpose="relationship", channel="email")
    >>> m.level.value, sorted(m.content_facts)
    ('personal', ['travel.city'])

    .. versionadded:: 0.1.0
    """
    requirements = template.requirements()
    claims: frozenset[str] = frozenset(f.code for f in lint(template, authorship=authorship))
    return Message(
        purpose=MessagePurpose(purpose),
        channel=Channel(channel),
        authorship=Authorship(authorship),
        level=requirements.level,
        content_facts=_fact_keys(requirements.fact_keys, contact),
        targeting_facts=frozenset(targeting_facts),
        product_category=product_category,
        topic=topic,
        in_reply_to_inquiry=in_reply_to_inquiry,
        content=content if content is not None else ContentFlags(),
        authorship_claims=claims,
        moment_id=moment_id,
        id=id,
    )
