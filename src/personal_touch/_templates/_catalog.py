"""
Message catalogs: one template per locale, chosen along the contact's locale chain.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from .._time import locale as parse_locale
from .._time import normalize_locale
from ..exceptions import InvalidFieldError
from ._analysis import Requirements, analyse
from ._template import Template

if TYPE_CHECKING:
    from .._contacts import Contact
    from .._decision import Decision
    from .._sender import SenderProfile
    from ._results import Rendered


def locale_chain(identifier: str) -> tuple[str, ...]:
    """
    The locales to try for *identifier*, most specific first.

    >>> locale_chain("de_AT")
    ('de_AT', 'de')
    >>> locale_chain("zh_Hant_TW")
    ('zh_Hant_TW', 'zh_Hant', 'zh')

    .. versionadded:: 0.1.0
    """
    loc = parse_locale(identifier)
    chain = [str(loc)]
    if loc.script and loc.territory:
        chain.append(f"{loc.language}_{loc.script}")
    if loc.territory or loc.script or loc.variant:
        chain.append(loc.language)
    return tuple(dict.fromkeys(chain))


def _templates(value: Mapping[str, Template]) -> dict[str, Template]:
    if not isinstance(value, Mapping):
        raise InvalidFieldError("templates", "expected a mapping of locale to Template")
    out: dict[str, Template] = {}
    for key, template in value.items():
        if not isinstance(template, Template):
            raise InvalidFieldError("templates", "values must be Template instances")
        out[normalize_locale(key)] = template
    if not out:
        raise InvalidFieldError("templates", "a catalog needs at least one template")
    return out


@attrs.frozen(repr=False)
class TemplateCatalog:
    """
    The same message in several locales, chosen along the locale chain.

    ``de_AT`` falls back to ``de``, then to the default.

    Args:
        templates: A template per locale identifier.
        default: The locale to use when nothing in the chain matches; it must be in
            *templates*.

    >>> import personal_touch as pt
    >>> catalog = pt.TemplateCatalog(
    ...     {"en": pt.Template("Hello!"), "de": pt.Template("Hallo!")}, default="en"
    ... )
    >>> catalog.select("de_AT").source, catalog.select("fr_CA").source
    ('Hallo!', 'Hello!')

    .. versionadded:: 0.1.0
    """

    templates: dict[str, Template] = attrs.field(converter=_templates)
    default: str = attrs.field(converter=normalize_locale)
    _requirements: Requirements = attrs.field(init=False, eq=False)

    @default.validator
    def _check_default(self, _: object, value: str) -> None:
        if value not in self.templates:
            raise InvalidFieldError("default", "must be one of the catalog's locales")

    def __attrs_post_init__(self) -> None:
        bodies = [t.nodes for t in self.templates.values()] + [
            t.subject_nodes for t in self.templates.values() if t.subject_nodes is not None
        ]
        object.__setattr__(self, "_requirements", analyse(*bodies))

    def __repr__(self) -> str:
        return f"TemplateCatalog(locales={sorted(self.templates)!r}, default={self.default!r})"

    def select_locale(self, locale: str) -> str:
        """
        The catalog locale chosen for *locale*: the first along its chain, else the default.
        """
        for candidate in locale_chain(locale):
            if candidate in self.templates:
                return candidate
        return self.default

    def select(self, locale: str) -> Template:
        """
        The template for *locale*: the first match along its chain, else the default.
        """
        return self.templates[self.select_locale(locale)]

    def requirements(self) -> Requirements:
        """
        What any of the catalog's templates reads, and the levels its parts need.
        """
        return self._requirements

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
        Render the template chosen for the contact's locale (or *locale*).

        *extra* and *sender* are passed on to :meth:`Template.render`.

        Values are formatted for that locale when the template is in its language (``de``
        for ``de_AT`` formats the Austrian way), and for the template's own locale when the
        catalog fell back to another language.
        """
        loc = contact.locale if locale is None else normalize_locale(locale)
        key = self.select_locale(loc)
        if parse_locale(key).language != parse_locale(loc).language:
            # A fallback in another language is formatted in its own language, so that no
            # Portuguese month name lands in English copy.
            loc = key
        return self.templates[key].render(contact, decision, locale=loc, extra=extra, sender=sender)
