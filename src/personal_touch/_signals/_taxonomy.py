"""
Sensitive proxies: shop and content categories whose behaviour reveals a special category.

The default taxonomy is data (``personal_touch/data/sensitive_proxies.json``), every entry
with its citations; a user extends it with :meth:`ProxyTaxonomy.extended`.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Any, Self

import attrs

from .._facts import Sensitivity
from .._validators import boolean, optional_text, text, tuple_of
from ..exceptions import InvalidFieldError
from ._categories import category_key

__all__ = ["Citation", "ProxyCategory", "ProxyTaxonomy", "sensitive_category"]

_WORDS = re.compile(r"[._]")


@attrs.frozen(kw_only=True)
class Citation:
    """
    Where a proxy category's sensitivity comes from.

    Args:
        title: The source and what it says, in a sentence.
        url: Where to read it, when known.
        checked: Whether the claim relied on was checked against the text or a published
            summary of it (``False``: cited from memory; check before relying on it).

    .. versionadded:: 0.4.0
    """

    title: str = attrs.field(validator=text("title"))
    url: str | None = attrs.field(default=None, validator=optional_text("url"))
    checked: bool = attrs.field(default=False, validator=boolean("checked"))


#: The citation of a category a user adds without one.
USER_SUPPLIED = Citation(title="Added by the user of the library", checked=False)


def _term(value: str) -> str:
    return category_key(value)


def _citations(values: Iterable[Citation]) -> tuple[Citation, ...]:
    return tuple_of(Citation, values, "citations")


def _sensitivity(value: Sensitivity | str) -> Sensitivity:
    found = Sensitivity(value)
    if not found.is_special:
        raise InvalidFieldError("sensitivity", "a proxy category needs a special category")
    return found


@attrs.frozen(kw_only=True)
class ProxyCategory:
    """
    A category whose behaviour reveals a special category.

    Args:
        term: A category key; it matches every category key whose words contain its words
            in order (``maternity`` matches ``apparel.maternity.tops``, ``pregnancy_tests``
            matches ``health.pregnancy.tests``).
        sensitivity: The special category it reveals.
        citations: Why.

    .. versionadded:: 0.4.0
    """

    term: str = attrs.field(converter=_term)
    sensitivity: Sensitivity = attrs.field(converter=_sensitivity)
    citations: tuple[Citation, ...] = attrs.field(default=(), converter=_citations)

    @property
    def words(self) -> tuple[str, ...]:
        """
        The words of :attr:`term`.
        """
        return tuple(_WORDS.split(self.term))


def _categories(values: Iterable[ProxyCategory]) -> tuple[ProxyCategory, ...]:
    return tuple_of(ProxyCategory, values, "categories")


_Index = dict[str, tuple[tuple[tuple[str, ...], Sensitivity], ...]]
#: How many category keys a taxonomy remembers the answer for.
_MEMO_SIZE = 4096


def _index(categories: tuple[ProxyCategory, ...]) -> _Index:
    """Candidates by first word, longest first, then in the taxonomy's order."""
    found: dict[str, list[tuple[tuple[str, ...], Sensitivity]]] = {}
    for category in categories:
        words = category.words
        found.setdefault(words[0], []).append((words, category.sensitivity))
    return {
        first: tuple(sorted(candidates, key=lambda c: -len(c[0])))
        for first, candidates in found.items()
    }


@attrs.frozen(kw_only=True)
class ProxyTaxonomy:
    """
    Categories whose behaviour reveals a special category, each with its citations.

    Learning labels a fact learned from behaviour in such a category with the category's
    :class:`~personal_touch.Sensitivity` and as
    :attr:`~personal_touch.Provenance.INFERRED`, so the policy's sensitive-fact guards
    refuse to use or target it.  Matching is by whole words and errs towards caution: a
    ``pet.pharmacy`` category is treated as health too.

    >>> taxonomy = ProxyTaxonomy.default()
    >>> taxonomy.sensitivity_of("apparel.maternity.tops")
    <Sensitivity.REPRODUCTIVE_HEALTH: 'reproductive_health'>
    >>> taxonomy.sensitivity_of("apparel.t_shirts") is None
    True
    >>> taxonomy.extended({"tarot": "religion"}).sensitivity_of("books.tarot")
    <Sensitivity.RELIGION: 'religion'>

    .. versionadded:: 0.4.0
    """

    categories: tuple[ProxyCategory, ...] = attrs.field(default=(), converter=_categories)
    _index: _Index = attrs.field(init=False, eq=False, hash=False, repr=False)
    #: Answers by key, kept (up to :data:`_MEMO_SIZE`) since every learn call asks again.
    _memo: dict[str, Sensitivity | None] = attrs.field(
        init=False, eq=False, hash=False, repr=False, factory=dict
    )

    @_index.default
    def _build_index(self) -> _Index:
        return _index(self.categories)

    @classmethod
    def default(cls) -> ProxyTaxonomy:
        """
        The shipped taxonomy (``personal_touch/data/sensitive_proxies.json``).
        """
        return _default()

    @classmethod
    def from_json(cls, document: Mapping[str, Any]) -> Self:
        """
        A taxonomy from a document shaped like the shipped JSON file.

        The document holds ``sources`` by id and ``categories`` citing them by id.

        Raises:
            InvalidFieldError: A category cites an unknown source or the shape is wrong.
        """
        try:
            sources = {k: Citation(**v) for k, v in document["sources"].items()}
            return cls(
                categories=[
                    ProxyCategory(
                        term=c["term"],
                        sensitivity=c["sensitivity"],
                        citations=[sources[s] for s in c["sources"]],
                    )
                    for c in document["categories"]
                ]
            )
        except (KeyError, TypeError, AttributeError):
            raise InvalidFieldError("taxonomy", "unknown source or malformed entry") from None

    def extended(
        self, more: Mapping[str, Sensitivity | str] | Iterable[ProxyCategory]
    ) -> ProxyTaxonomy:
        """
        A copy that also knows *more*.

        *more* maps category keys (or paths) to sensitivities, or is a list of
        :class:`ProxyCategory` values.  Entries added from a mapping cite the user.
        """
        if isinstance(more, Mapping):
            added = [
                ProxyCategory(term=t, sensitivity=s, citations=(USER_SUPPLIED,))
                for t, s in more.items()
            ]
        else:
            added = list(more)
        return ProxyTaxonomy(categories=(*self.categories, *added))

    def sensitivity_of(self, key: str) -> Sensitivity | None:
        """
        The special category behaviour in category *key* reveals, or ``None``.

        The longest matching term wins; among equally long ones, the first in the taxonomy.
        """
        memo = self._memo
        if key in memo:
            return memo[key]
        if len(memo) >= _MEMO_SIZE:
            memo.clear()
        memo[key] = found = self._match(key)
        return found

    def _match(self, key: str) -> Sensitivity | None:
        index = self._index
        words = _WORDS.split(key)
        best: tuple[int, Sensitivity] | None = None
        for i, word in enumerate(words):
            for candidate, sensitivity in index.get(word, ()):
                n = len(candidate)
                if (best is None or n > best[0]) and tuple(words[i : i + n]) == candidate:
                    best = (n, sensitivity)
                    break
        return None if best is None else best[1]


@functools.cache
def _default() -> ProxyTaxonomy:
    raw = resources.files("personal_touch").joinpath("data/sensitive_proxies.json")
    return ProxyTaxonomy.from_json(json.loads(raw.read_text("utf-8")))


def sensitive_category(key: str, *, taxonomy: ProxyTaxonomy | None = None) -> Sensitivity | None:
    """
    The special category behaviour in category *key* reveals, or ``None``.

    *taxonomy* defaults to :meth:`ProxyTaxonomy.default`.  *key* may be a category path; it is normalized by
    :func:`~personal_touch.listening.category_key`.

    >>> sensitive_category("Health > Pregnancy Tests")
    <Sensitivity.REPRODUCTIVE_HEALTH: 'reproductive_health'>

    .. versionadded:: 0.4.0
    """
    chosen = ProxyTaxonomy.default() if taxonomy is None else taxonomy
    return chosen.sensitivity_of(category_key(key))
