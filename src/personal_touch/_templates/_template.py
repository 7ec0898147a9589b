"""
:class:`Template`: parse once, render many, for any contact the decision permits.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from .._channels import Channel
from .._decision import Decision, Disclosure, DisclosureCode, Verdict
from .._levels import Level
from .._time import normalize_locale
from .._validators import boolean, instance_of, optional_text
from ..exceptions import MissingDisclosureError, RenderError, TemplateLimitError
from . import _ast as ast
from ._analysis import Requirements, analyse
from ._disclosures import Assemblies
from ._formats import LocaleFormats, formats_for
from ._lexer import Source
from ._parser import Parser, TemplateLimits
from ._render import Compiler, Run, subject_line
from ._results import Rendered, rendered
from ._scope import Scope
from ._sms import measure_sms

if TYPE_CHECKING:
    from .._contacts import Contact
    from .._facts import Fact
    from .._sender import SenderProfile

_LEVELS = tuple(Level)
#: Compiling is rare (once per template and locale); one lock keeps it from happening twice.
_COMPILE_LOCK = threading.Lock()
_SMS_SPACES = {0x00A0: " ", 0x202F: " ", 0x2009: " "}


def _drop_unused_sources(
    disclosures: tuple[Disclosure, ...], used: list[str]
) -> tuple[Disclosure, ...]:
    """
    The disclosures without "you told us about X" for facts the text did not use.

    The decision requires a fact-source disclosure for each usable personal fact; when the
    render fell back and never mentioned the fact, telling the reader where we learned it would
    only confuse them.  Each approved fact is its own instance with its own source, so a
    source is kept only for the exact key the text used (a child's use says nothing about
    where its parent came from).
    """
    keys = set(used)
    return tuple(
        d
        for d in disclosures
        if d.code is not DisclosureCode.FACT_SOURCE
        or "key" not in d.params
        or d.params["key"] in keys
    )


@attrs.frozen
class _Program:
    """
    A template compiled for one locale, with what its renders share.
    """

    body: Run
    subject: Run | None
    fmt: LocaleFormats
    #: The disclosure assemblies of its renders, kept (bounded).
    assemblies: Assemblies


@attrs.frozen(repr=False)
class Template:
    """
    A message template: parsed once when created, rendered for any number of contacts.

    Args:
        source: The body's source (see the template language reference).
        subject: The subject line's source, for e-mail.
        html: Whether the body is HTML: every value is then escaped, and the template may
            only be sent by e-mail.
        name: A name for error messages (``"welcome.de"``).
        limits: Bounds on source size, nesting and output size.

    Raises:
        TemplateSyntaxError: The source is malformed; the error carries line and column.
        UnknownFilterError: A filter does not exist.
        UnknownVariableError: A variable is not on the allow-list.
        TemplateLimitError: The source is too long or blocks nest too deep.

    >>> import personal_touch as pt
    >>> t = pt.Template("Hi {{ contact.name.given | default: 'there' }}!")
    >>> t.requirements().fields
    frozenset({'contact.name.given'})

    .. versionadded:: 0.1.0
    """

    source: str = attrs.field(validator=instance_of(str, "source"))
    subject: str | None = attrs.field(
        default=None, kw_only=True, validator=optional_text("subject")
    )
    html: bool = attrs.field(default=False, kw_only=True, validator=boolean("html"))
    name: str | None = attrs.field(default=None, kw_only=True, validator=optional_text("name"))
    limits: TemplateLimits = attrs.field(
        factory=TemplateLimits, kw_only=True, validator=instance_of(TemplateLimits, "limits")
    )
    nodes: tuple[ast.Node, ...] = attrs.field(init=False, eq=False)
    subject_nodes: tuple[ast.Node, ...] | None = attrs.field(init=False, eq=False)
    _requirements: Requirements = attrs.field(init=False, eq=False)
    _programs: dict[str, _Program] = attrs.field(init=False, eq=False, factory=dict)

    def __attrs_post_init__(self) -> None:
        nodes = Parser(Source(self.source, self.name), self.limits).parse()
        subject_nodes = (
            Parser(Source(self.subject, f"{self.name or 'template'} subject"), self.limits).parse()
            if self.subject is not None
            else None
        )
        object.__setattr__(self, "nodes", nodes)
        object.__setattr__(self, "subject_nodes", subject_nodes)
        more = (subject_nodes,) if subject_nodes is not None else ()
        object.__setattr__(self, "_requirements", analyse(nodes, *more))

    def __repr__(self) -> str:
        return f"Template(name={self.name!r}, html={self.html}, chars={len(self.source)})"

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Compiled closures do not pickle: send the source and parse again on arrival.
        return _rebuild, (self.source, self.subject, self.html, self.name, self.limits)

    def requirements(self) -> Requirements:
        """
        The fields, fact keys and levels this template reads, found without rendering.

        .. versionadded:: 0.1.0
        """
        return self._requirements

    def prepare(self, locale: str) -> None:
        """
        Compile the template for *locale* now rather than on its first render.

        .. versionadded:: 0.1.0
        """
        self._program(normalize_locale(locale))

    def _program(self, locale: str) -> _Program:
        program = self._programs.get(locale)
        if program is None:
            with _COMPILE_LOCK:
                program = self._programs.get(locale)
                if program is None:
                    fmt = formats_for(locale)
                    # A question is said as written: the compilers see its text, no ask.
                    program = _Program(
                        Compiler(fmt, html_output=self.html).body(ast.without_asks(self.nodes)),
                        Compiler(fmt, html_output=False).body(ast.without_asks(self.subject_nodes))
                        if self.subject_nodes is not None
                        else None,
                        fmt,
                        Assemblies(locale, html_output=self.html),
                    )
                    self._programs[locale] = program
        return program

    def render(
        self,
        contact: Contact,
        decision: Decision,
        *,
        locale: str | None = None,
        extra: Mapping[str, Any] | None = None,
        sender: SenderProfile | None = None,
    ) -> Rendered:
        """
        Render for *contact* what *decision* permits, in the contact's locale.

        Every disclosure the decision requires is added to the text in the contact's
        language: an e-mail or letter gets a footer, an SMS or push message the short forms
        (the sender's name first).  Their parameters come from the decision and from
        *sender*; a disclosure neither can supply fails the render closed.

        Args:
            contact: Who the message is for.
            decision: What :func:`personal_touch.decide` said about this message and
                contact; only an allowing decision renders.
            locale: Format for this locale instead of the contact's (a catalog passes the
                one it chose).
            extra: Values for ``extra.*`` variables: links, offer codes; never personal data.
            sender: Who sends the message: the name, postal address and opt-out mechanism
                the decision's disclosures need (see :class:`~personal_touch.SenderProfile`).
                A disclosure the template already says (``{{ disclosures.unsubscribe }}``
                where the design wants it) is not added again.

        Returns:
            The text (with the required disclosures appended), the subject, the level used,
            the facts used and every fallback taken.

        Raises:
            StaleDecisionError: The decision is for another contact, or the contact's facts
                changed since it was made (decide again).
            RenderError: The decision does not allow the message, or an HTML template is
                rendered for a channel other than e-mail.
            MissingValueError: A required value is missing, withheld or not permitted and the
                template gives no fallback (fails closed).
            FilterValueError: A filter got a value it cannot format.
            MissingDisclosureError: The decision requires a disclosure that neither it nor
                *sender* can supply (the sender's name, postal address or a way to opt out);
                the error names the missing codes.
            TemplateLimitError: The output is longer than the limit.

        .. versionadded:: 0.1.0
        """
        channel, facts = self._check(contact, decision)
        loc = contact.locale if locale is None else normalize_locale(locale)
        program = self._programs.get(loc) or self._program(loc)
        scope = Scope(
            contact, decision, extra, program.fmt, facts, sender, self.limits.max_output, self.name
        )
        text = program.body(scope)
        subject = None if program.subject is None else self._subject(program.subject, scope)
        disclosures = decision.disclosures
        if disclosures:
            text, disclosures = self._disclose(text, disclosures, scope, program, channel)
        return self._rendered(text, subject, disclosures, scope, loc, channel)

    def _rendered(  # noqa: PLR0917
        self,
        text: str,
        subject: str | None,
        disclosures: tuple[Disclosure, ...],
        scope: Scope,
        locale: str,
        channel: Channel,
    ) -> Rendered:
        """
        The result of a render, once its text is known to fit the output limit.
        """
        if len(text) > self.limits.max_output:
            raise TemplateLimitError(
                "max_output",
                f"rendered text is longer than {self.limits.max_output} characters",
                template=self.name,
            )
        if channel is Channel.SMS:
            # babel's no-break spaces would force UCS-2 (70 characters a segment, not 160).
            text = text.translate(_SMS_SPACES)
        used = scope.used_facts
        fell = scope.fallbacks
        return rendered(
            text,
            subject,
            _LEVELS[scope.top],
            tuple(sorted(set(used))) if used else (),
            disclosures,
            tuple(fell) if fell else (),
            locale,
            channel,
            self.html,
            measure_sms(text) if channel is Channel.SMS else None,
        )

    def _subject(self, run: Run, scope: Scope) -> str:
        """
        The subject line, with an output limit of its own, checked as it grows like the body's.
        """
        scope.size = 0
        scope.template = f"{self.name or 'template'} subject"
        return subject_line(run(scope))

    def _check(self, contact: Contact, decision: Decision) -> tuple[Channel, dict[str, Fact]]:
        """
        The channel to render for, and the approved facts by key.

        Raises unless *decision* allows this render of *contact*.
        """
        facts = decision.check_facts(contact)
        if decision.verdict is not Verdict.ALLOW:
            raise RenderError(
                f"the decision does not allow the message (verdict {decision.verdict.value})",
                template=self.name,
            )
        channel = decision.message.channel
        if self.html and channel is not Channel.EMAIL:
            raise RenderError(
                f"an HTML template cannot be sent by {channel.value}", template=self.name
            )
        return channel, facts

    def _disclose(
        self,
        text: str,
        disclosures: tuple[Disclosure, ...],
        scope: Scope,
        program: _Program,
        channel: Channel,
    ) -> tuple[str, tuple[Disclosure, ...]]:
        """
        *text* with the disclosures it does not say yet, and the disclosures it carries.
        """
        for d in disclosures:
            if d.code is DisclosureCode.FACT_SOURCE:
                disclosures = _drop_unused_sources(disclosures, scope.used_facts)
                break
        added = program.assemblies.assemble(disclosures, scope.sender, channel, text)
        if added.missing:
            raise MissingDisclosureError(added.missing, template=self.name)
        if added.footer:
            text = text.rstrip() + added.footer
        if added.prefix:
            text = added.prefix + text.lstrip()
        return text, disclosures


def _rebuild(*args: Any) -> Template:
    """
    Unpickle a :class:`Template` from ``(source, subject, html, name, limits)``.
    """
    source, subject, html, name, limits = args
    return Template(source, subject=subject, html=html, name=name, limits=limits)
