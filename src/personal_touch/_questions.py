"""
Questions we ask people, and whether they already answered: don't ask again.

A :class:`Question` asks for one fact key; a :class:`Form` is questions in order;
:func:`questions_to_ask` keeps the questions whose answers are unknown or stale.  How long
an answer stays fresh is data (:class:`Freshness`), shared with the policy's
``dont_ask_again`` rule, which denies a message that asks for an answer the person gave.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import attrs

from ._facts import Fact, Provenance, validate_key
from ._frozen import FrozenMap
from ._time import aware, stamp
from ._validators import items, optional_text, tuple_of
from .exceptions import InvalidFieldError

if TYPE_CHECKING:
    import pendulum

    from ._contacts import Contact

__all__ = [
    "DEFAULT_FRESHNESS",
    "GIVEN",
    "Form",
    "Freshness",
    "Question",
    "given_answer",
    "questions_to_ask",
]

#: How a fact must have come to us to count as an answer the person gave: they told us,
#: we saw them do it, or our own records hold it.  An inference is never an answer.
GIVEN = frozenset({Provenance.STATED, Provenance.OBSERVED, Provenance.SYSTEM})

_DAY = 86_400.0


def _check_days(field: str, value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidFieldError(field, "must be a whole number of days from 0, or null (never)")
    return value


def _pattern(value: object) -> str:
    # A fact key where a segment may be (or hold) ``*``: the key with every * made a letter
    # must be a valid key.
    if not isinstance(value, str) or not value:
        raise InvalidFieldError("max_age", "expected fact-key patterns such as 'apparel.*'")
    validate_key(value.replace("*", "x"), "max_age")
    return value


def _by_key(value: Mapping[str, int | None]) -> FrozenMap[int | None]:
    if not isinstance(value, Mapping):
        raise InvalidFieldError("max_age", "expected a mapping of fact-key pattern to days")
    return FrozenMap({_pattern(k): _check_days("max_age", v) for k, v in value.items()})


def _specificity(item: tuple[str, int | None]) -> tuple[int, bool, str]:
    """
    How specific a pattern is: the characters it names besides ``*``, then being a key.

    A key beats a pattern naming as many characters (no pattern matching a key names more
    characters than the key has, so a key always wins where it matches).
    """
    pattern = item[0]
    return len(pattern) - pattern.count("*"), "*" not in pattern, pattern


def _default_days(_instance: object, _attribute: object, value: int | None) -> None:
    _check_days("default", value)


@attrs.frozen(kw_only=True)
class Freshness:
    """
    How long an answer stays fresh, in days, by fact key.

    An answer older than its key's maximum age is stale: asking again is allowed, and
    :func:`questions_to_ask` asks it again.  ``None`` means an answer never goes stale.

    Args:
        max_age: Days by fact-key pattern; ``*`` matches any run of characters, dots
            included, so ``"*size*"`` matches ``apparel.shirt_size`` and ``sizes.shoe``,
            and ``"travel.*"`` every key below ``travel``.  Where several patterns match,
            the most specific wins: the one naming the most characters besides ``*``
            (a key itself beats any pattern).
        default: Days for a key no pattern matches.

    Raises:
        InvalidFieldError: A pattern is not a fact key (with ``*``), or a number of days
            is not a whole number from 0.

    >>> from personal_touch import rules
    >>> ages = rules.DEFAULT_FRESHNESS
    >>> ages.days("apparel.shirt_size"), ages.days("dates.birthday"), ages.days("pets.name")
    (365, None, 730)

    .. versionadded:: 0.3.0
    """

    max_age: FrozenMap[int | None] = attrs.field(factory=FrozenMap, converter=_by_key)
    default: int | None = attrs.field(default=730, validator=_default_days)
    #: The patterns compiled, most specific first (made once).
    _patterns: tuple[tuple[re.Pattern[str], int | None], ...] = attrs.field(
        init=False, eq=False, hash=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        ordered = sorted(self.max_age.items(), key=_specificity, reverse=True)
        compiled = tuple((re.compile(fnmatch.translate(p)), days) for p, days in ordered)
        object.__setattr__(self, "_patterns", compiled)

    def days(self, key: str) -> int | None:
        """
        The maximum age in days of an answer for *key* (``None``: it never goes stale).
        """
        for pattern, days in self._patterns:
            if pattern.match(key) is not None:
                return days
        return self.default


#: Sizes change (a year), a birthday never does, anything else is asked again after two
#: years.
DEFAULT_FRESHNESS = Freshness(max_age={"dates.birthday": None, "*size*": 365}, default=730)


def given_answer(facts: Iterable[Fact], key: str, *, at: float, max_age: int | None) -> Fact | None:
    """
    The newest fact for exactly *key* the person gave that is valid and fresh at *at*.

    *at* is in epoch seconds.  Given means stated, observed or from our own records
    (:data:`GIVEN`); fresh means recorded at most *max_age* days before *at*.
    """
    found: Fact | None = None
    oldest = -float("inf") if max_age is None else at - max_age * _DAY
    for fact in facts:
        if fact.key != key or fact.provenance not in GIVEN:
            continue
        recorded = stamp(fact.recorded_at)
        until = fact.valid_until
        if recorded > at or recorded < oldest or (until is not None and stamp(until) <= at):
            continue
        if found is None or recorded > stamp(found.recorded_at):
            found = fact
    return found


def _question_days(_instance: object, _attribute: object, value: int | None) -> None:
    _check_days("max_age", value)


@attrs.frozen
class Question:
    """
    A question asking the person for the fact under *key*.

    Args:
        key: The fact key the answer is recorded under (``apparel.shirt_size``).
        max_age: Days an answer stays fresh; ``None`` (the default): what the
            :class:`Freshness` given to :func:`questions_to_ask` says for *key*
            (:data:`DEFAULT_FRESHNESS`: a year for sizes).
        text_id: Your id for the question's text (a catalog entry, a template name).

    >>> import personal_touch as pt
    >>> from personal_touch import listening
    >>> listening.Question("apparel.shirt_size", max_age=180, text_id="survey.shirt_size").max_age
    180

    .. versionadded:: 0.3.0
    """

    key: str = attrs.field(validator=lambda _i, _a, v: validate_key(v))
    max_age: int | None = attrs.field(default=None, kw_only=True, validator=_question_days)
    text_id: str | None = attrs.field(
        default=None, kw_only=True, validator=optional_text("text_id")
    )


def _questions(values: Iterable[Question]) -> tuple[Question, ...]:
    questions = tuple_of(Question, items(values, "questions"), "questions")
    if len({q.key for q in questions}) != len(questions):
        raise InvalidFieldError("questions", "each fact key may be asked only once in a form")
    return questions


@attrs.frozen
class Form:
    """
    Questions in the order they are asked (a survey, an onboarding form, a profile page).

    Args:
        questions: The questions, each asking for a different fact key.
        id: Your id for the form.

    Raises:
        InvalidFieldError: Two questions ask for the same key.

    .. versionadded:: 0.3.0
    """

    questions: tuple[Question, ...] = attrs.field(converter=_questions)
    id: str | None = attrs.field(default=None, kw_only=True, validator=optional_text("id"))

    @property
    def keys(self) -> tuple[str, ...]:
        """
        The fact keys the form asks for, in order.
        """
        return tuple(q.key for q in self.questions)


def questions_to_ask(
    contact: Contact,
    form: Form,
    *,
    at: pendulum.DateTime,
    freshness: Freshness = DEFAULT_FRESHNESS,
) -> tuple[Question, ...]:
    """
    The questions of *form* whose answers are unknown or stale at *at*, in form order.

    An answer counts when the person gave it (stated, observed or from our records, never
    inferred), it is valid at *at* and it is no older than the question's ``max_age``
    (or, when the question sets none, what *freshness* says for its key: the same ages
    the policy's ``dont_ask_again`` rule reads by default).

    >>> import pendulum, personal_touch as pt
    >>> from personal_touch import listening
    >>> at = pendulum.datetime(2027, 3, 1)
    >>> size = pt.Fact(
    ...     key="apparel.shirt_size",
    ...     value="M",
    ...     provenance="stated",
    ...     recorded_at=at.subtract(months=2),
    ... )
    >>> ada = pt.Contact(id="c-1", created_at=at.subtract(years=1), facts=[size])
    >>> form = listening.Form(
    ...     [listening.Question("apparel.shirt_size"), listening.Question("apparel.shoe_size")]
    ... )
    >>> [q.key for q in listening.questions_to_ask(ada, form, at=at)]
    ['apparel.shoe_size']

    Raises:
        NaiveDateTimeError: *at* has no time zone.

    .. versionadded:: 0.3.0
    """
    if not isinstance(form, Form):
        raise InvalidFieldError("form", "expected a Form")
    if not isinstance(freshness, Freshness):
        raise InvalidFieldError("freshness", "expected a Freshness")
    now = stamp(aware(at, "at"))
    facts = contact.known_facts
    days = freshness.days
    return tuple(
        q
        for q in form.questions
        if given_answer(
            facts, q.key, at=now, max_age=days(q.key) if q.max_age is None else q.max_age
        )
        is None
    )
