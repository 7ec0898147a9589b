"""
Rule shapes for sensitive data: special categories need consent, and a limit is honoured.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from .._consent import LawfulBasis, Purpose
from .._facts import Sensitivity
from .._validators import enum_set
from ._legal import LegalRule, basis_set, hidden, label, names
from ._requests import facts_used, grants, matching, special_facts

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .._facts import Fact
    from .._policy._model import Outcome, Request

__all__ = ["SensitiveDataLimit", "SpecialCategories", "category_set"]


def category_set(values: Iterable[Sensitivity | str]) -> frozenset[Sensitivity]:
    """
    Convert for attrs: a frozenset of sensitivity categories.

    .. versionadded:: 0.2.0
    """
    return enum_set(Sensitivity, values, "categories")


@attrs.frozen(kw_only=True)
class SpecialCategories(LegalRule):
    """
    Withhold special-category content facts and deny targeting by them without consent.

    Withhold a content fact of one of *categories*, and deny a message that selected its
    recipient by one, unless a grant with a basis in *bases* for that category
    (``personalization.sensitive.<category>``) covers the fact.

    .. versionadded:: 0.2.0
    """

    categories: frozenset[Sensitivity] = attrs.field(converter=category_set)
    bases: frozenset[LawfulBasis] = attrs.field(
        default=frozenset({LawfulBasis.EXPLICIT_CONSENT}),
        converter=basis_set,
        metadata=label("accepted bases"),
    )
    code: str = attrs.field(default="explicit_consent_required", metadata=hidden())

    def allowed(self, request: Request, fact: Fact) -> bool:
        """
        Whether a grant for the fact's category covers it.
        """
        purpose = Purpose.sensitive(fact.sensitivity)
        return any(
            g.scope is None or g.scope.covers_fact(fact.key, fact.sensitivity)
            for g in grants(request, self.bases, purpose=purpose)
        )

    def check(self, request: Request, /) -> Iterable[Outcome]:
        m = request.message
        if not m.targeting_facts and not m.content_facts:
            return ()
        # Most contacts hold no fact of these categories: nothing to look up then.
        ordinary = Sensitivity.ORDINARY in self.categories
        pool = tuple(request.facts.values()) if ordinary else special_facts(request)
        special = tuple(f for f in pool if f.sensitivity in self.categories)
        if not special:
            return ()
        out: list[Outcome] = []
        wanted = names(self.bases)
        for fact in matching(special, tuple(m.targeting_facts)):
            if not self.allowed(request, fact):
                out.append(
                    self.deny(
                        "targeting_on_sensitive_fact",
                        f"recipient selected by a {fact.sensitivity.value} fact without the "
                        "consent this law requires",
                        f"record {wanted} for {Purpose.sensitive(fact.sensitivity)}",
                    )
                )
        for fact in matching(special, tuple(m.content_facts)):
            if not self.allowed(request, fact):
                out.append(
                    self.withhold(
                        self.code,
                        f"a {fact.sensitivity.value} fact needs {wanted} for its category",
                        fact.key,
                    )
                )
        return out


@attrs.frozen(kw_only=True)
class SensitiveDataLimit(LegalRule):
    """
    Honour a request to limit sensitive data: no targeting by, or content from, *categories*.

    Applies once the contact's ``privacy.limit_sensitive_data`` is set, from the instant the
    request was made (``limit_sensitive_data_requested_at``) when that is known.

    .. versionadded:: 0.2.0
    .. versionchanged:: 0.4.0
       A dated request applies from its date.
    """

    categories: frozenset[Sensitivity] = attrs.field(converter=category_set)

    def check(self, request: Request, /) -> Iterable[Outcome]:
        if not request.contact.privacy.limits_sensitive_data(request.at):
            return ()
        m = request.message
        out: list[Outcome] = []
        for fact in facts_used(request, m.targeting_facts):
            if fact.sensitivity in self.categories:
                out.append(
                    self.deny(
                        "spi_limit",
                        "the contact limited the use of sensitive data; a "
                        f"{fact.sensitivity.value} fact may not select recipients",
                    )
                )
        for fact in facts_used(request, m.content_facts):
            if fact.sensitivity in self.categories:
                out.append(
                    self.withhold(
                        "spi_limit",
                        f"the contact limited the use of sensitive data ({fact.sensitivity.value})",
                        fact.key,
                    )
                )
        return out
