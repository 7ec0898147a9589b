"""
Honesty checks: claims of personal attention or authorship in copy that software sends.

"Spoofing individualized attention in automated content is boneheaded. Don't do that."
An automated message that pretends to be a personal note is worse than an honest one, so
:func:`lint` finds such claims in a template's literal copy, in English, German, French,
Spanish and Portuguese, with their positions and an explanation.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator

import attrs

from .._levels import Authorship
from . import _ast as ast

_I = re.IGNORECASE

#: ``code -> (explanation, authorships it is false for)``.
CODES: dict[str, tuple[str, frozenset[Authorship]]] = {
    "personal_authorship": (
        "claims a person wrote or chose this personally, but software writes it",
        frozenset({Authorship.AUTOMATED}),
    ),
    "personal_attention": (
        "claims someone just looked at, noticed or thought of the reader, but nobody did",
        frozenset({Authorship.AUTOMATED}),
    ),
    "written_for_you": (
        "claims the text was written for this reader alone, but everyone gets it",
        frozenset({Authorship.AUTOMATED}),
    ),
    "handwritten": (
        "claims the message is handwritten, but it is generated",
        frozenset({Authorship.AUTOMATED, Authorship.ASSISTED}),
    ),
    "not_automated": (
        "denies being automated, but it is",
        frozenset({Authorship.AUTOMATED, Authorship.ASSISTED}),
    ),
    "executive_voice": (
        "a named executive writes 'I' to a mass audience: say who really sends it",
        frozenset({Authorship.AUTOMATED}),
    ),
}

_RULES: dict[str, dict[str, tuple[str, ...]]] = {
    "personal_authorship": {
        "en": (
            r"\bI personally\b",
            r"\bpersonally (?:written|wrote|signed|selected|picked|chose|chosen)\b",
            r"\bI(?: am|'m)? (?:writing|wrote|write) (?:this|to you) (?:myself|personally)\b",
            r"\bwritten by me\b",
            r"\bfrom my desk\b",
        ),
        "de": (
            r"\bich persönlich\b",
            r"\bpersönlich (?:geschrieben|unterschrieben|ausgewählt|verfasst)\b",
            r"\bschreibe (?:Ihnen|dir|euch) (?:ganz )?persönlich\b",
            r"\b(?:selbst|persönlich) (?:geschrieben|verfasst)\b",
        ),
        "fr": (
            r"\bje (?:vous|t')\s?écris personnellement\b",
            r"\bj'ai personnellement\b",
            r"\bmoi[- ]même,? je\b",
            r"\bécrit(?:e|s)? (?:personnellement|par moi)\b",
        ),
        "es": (
            r"\byo personalmente\b",
            r"\b(?:le|te|les) escribo personalmente\b",
            r"\bescrit[oa]s? (?:personalmente|por mí)\b",
        ),
        "pt": (
            r"\beu pessoalmente\b",
            r"\b(?:lhe|te|vos) escrevo pessoalmente\b",
            r"\bescrit[oa]s? (?:pessoalmente|por mim)\b",
        ),
    },
    "personal_attention": {
        "en": (
            r"\bI was just (?:looking at|reading|checking out|on|browsing) your\b",
            r"\bI (?:just )?(?:noticed|saw) (?:that )?you(?:r)?\b",
            r"\bI(?:'ve| have) been thinking (?:about|of) you\b",
            r"\b(?:just )?checked out your (?:blog|profile|website|site|post|company)\b",
            r"\bI thought of you\b",
            r"\bI came across your\b",
        ),
        "de": (
            r"\bich habe (?:gerade|eben|mir) (?:Ihren|Ihre|Ihr|deinen|deine|dein) \w+ (?:gelesen|angesehen|angeschaut)\b",
            r"\bich habe an (?:Sie|dich) gedacht\b",
            r"\bmir ist aufgefallen, dass (?:Sie|du)\b",
            r"\bich habe gesehen, dass (?:Sie|du)\b",
        ),
        "fr": (
            r"\bje (?:regardais|lisais|consultais|parcourais) (?:justement )?(?:votre|vos|ton|ta|tes)\b",
            r"\bj'ai (?:pensé|songé) à (?:vous|toi)\b",
            r"\bj'ai remarqué que (?:vous|tu)\b",
            r"\bje suis tombée? sur (?:votre|ton|ta)\b",
        ),
        "es": (
            r"\b(?:estaba|acabo de) (?:mirando|leyendo|revisando|ver|leer|revisar) (?:su|tu|sus|tus)\b",
            r"\b(?:he pensado|pensé) en (?:usted|ti)\b",
            r"\bme (?:di cuenta|fijé) de que\b",
        ),
        "pt": (
            r"\b(?:estava|acabei de) (?:olhando|lendo|vendo|ver|ler|olhar) (?:o seu|a sua|os seus|as suas|seu|sua|o teu|a tua)\b",
            r"\b(?:pensei|estive pensando) em (?:você|ti)\b",
            r"\b(?:reparei|notei|percebi) que (?:você|tu)\b",
        ),
    },
    "written_for_you": {
        "en": (r"\bwritten (?:just|especially|only|exclusively) for you\b",),
        "de": (r"\b(?:nur|extra|speziell|eigens) für (?:Sie|dich) (?:geschrieben|verfasst)\b",),
        "fr": (r"\bécrit(?:e)? (?:rien que|spécialement|juste|uniquement) pour (?:vous|toi)\b",),
        "es": (r"\bescrit[oa] (?:solo|sólo|especialmente|exclusivamente) para (?:usted|ti)\b",),
        "pt": (r"\bescrit[oa] (?:só|especialmente|apenas|exclusivamente) para (?:você|ti)\b",),
    },
    "handwritten": {
        "en": (r"\bhand-?written\b", r"\bwritten by hand\b", r"\bhand-?signed\b"),
        "de": (r"\bhandgeschrieben\w*", r"\bhandschriftlich\w*", r"\bvon Hand geschrieben\b"),
        "fr": (r"\bmanuscrite?s?\b", r"\bécrite?s? à la main\b"),
        "es": (r"\bmanuscrit[oa]s?\b", r"\bescrit[oa]s? a mano\b"),
        "pt": (r"\bmanuscrit[oa]s?\b", r"\bescrit[oa]s? à mão\b"),
    },
    "not_automated": {
        "en": (
            r"\b(?:is )?not an? (?:automated|automatic|mass|form|bulk) (?:e-?mail|message|letter|text)\b",
            r"\bthis (?:isn't|is not) (?:an? )?(?:automated|automatic|mass)\b",
            r"\bno(?:t)? (?:a )?bot\b",
        ),
        "de": (
            r"\bkeine (?:automatische|automatisierte|Massen-?)(?:\s?(?:Nachricht|E-?Mail|Mail))?\b",
            r"\bkein (?:Massenmailing|Serienbrief|Bot)\b",
        ),
        "fr": (
            r"\b(?:n'est )?pas un (?:message|e-?mail|courriel|mail) (?:automatique|de masse|groupé)\b",
            r"\bpas un robot\b",
        ),
        "es": (
            r"\bno es un (?:mensaje|correo|e-?mail) (?:automático|masivo)\b",
            r"\bno soy un bot\b",
        ),
        "pt": (
            r"\bnão é uma mensagem (?:automática|em massa)\b",
            r"\bnão é um (?:e-?mail|email) (?:automático|em massa)\b",
            r"\bnão sou um robô\b",
        ),
    },
}

_TITLES = re.compile(
    r"\b(?:CEO|founder|co-founder|president|managing director|owner"
    r"|Geschäftsführer(?:in)?|Gründer(?:in)?|Inhaber(?:in)?|Vorstandsvorsitzende[r]?"
    r"|PDG|président(?:e)?|fondat(?:eur|rice)|directeur général|directrice générale"
    r"|director(?:a)? general|fundador(?:a)?|presidente|diretor(?:a)? executiv[oa]|dono|dona)\b",
    _I,
)
_FIRST_PERSON = re.compile(r"(?:\bI\b|(?i:\bich\b|\bje\b|\bj'|\byo\b|\beu\b))")


@functools.cache
def _compiled() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """The rule patterns, compiled on the first lint rather than at import."""
    return tuple(
        (code, language, re.compile(pattern, _I))
        for code, by_language in _RULES.items()
        for language, patterns in by_language.items()
        for pattern in patterns
    )


#: Languages the linter knows.
LANGUAGES = ("en", "de", "fr", "es", "pt")


@attrs.frozen(kw_only=True)
class LintFinding:
    """
    A claim of personal attention or authorship that the message's authorship makes false.

    Args:
        code: What kind of claim: ``personal_authorship``, ``personal_attention``,
            ``written_for_you``, ``handwritten``, ``not_automated`` or ``executive_voice``.
        line: Where it starts in the template source (1-based).
        column: Where it starts in the template source (1-based).
        excerpt: The template copy that makes the claim.
        language: The language of the pattern that matched (``"en"``, ``"de"`` ...).
        explanation: Why it is a problem.

    .. versionadded:: 0.1.0
    """

    code: str
    line: int
    column: int
    excerpt: str
    language: str
    explanation: str

    def describe(self) -> str:
        """
        ``"line 3:5 handwritten: 'handwritten' (claims the message ...)"``.
        """
        return f"line {self.line}:{self.column} {self.code}: {self.excerpt!r} ({self.explanation})"


def _copy(nodes: tuple[ast.Node, ...]) -> Iterator[tuple[str, int, int]]:
    """
    Every piece of literal copy with its position: text and quoted filter arguments.
    """
    for node in nodes:
        if isinstance(node, ast.Text):
            yield node.text, node.line, node.column
        elif isinstance(node, ast.Output):
            for f in node.filters:
                for arg in (*f.args, *(v for _, v in f.kwargs)):
                    if isinstance(arg, str):
                        yield arg, f.line, f.column
        elif isinstance(node, ast.If):
            for branch in node.branches:
                yield from _copy(branch.body)
            if node.otherwise is not None:
                yield from _copy(node.otherwise)
        elif isinstance(node, ast.Ask):
            yield from _copy(node.body)
        else:
            yield from _copy(node.body)
            if node.otherwise is not None:
                yield from _copy(node.otherwise)


class _Positions:
    """
    Line and column of offsets in one piece of copy that starts at (*line*, *column*).

    The newlines are found once, so many matches in a long text cost no more than one.
    """

    def __init__(self, text: str, line: int, column: int) -> None:
        self.text = text
        self.newlines: list[int] | None = None
        self.line = line
        self.column = column

    def __call__(self, index: int) -> tuple[int, int]:
        if self.newlines is None:
            self.newlines = [m.start() for m in re.finditer("\n", self.text)]
        before = bisect.bisect_left(self.newlines, index)
        if before:
            return self.line + before, index - self.newlines[before - 1]
        return self.line, self.column + index


def lint_nodes(
    *bodies: tuple[ast.Node, ...], authorship: Authorship = Authorship.AUTOMATED
) -> tuple[LintFinding, ...]:
    """
    The findings in parsed *bodies* for a message of *authorship*.
    """
    findings: list[LintFinding] = []
    pieces = [p for body in bodies for p in _copy(body)]
    for text, line, column in pieces:
        position = _Positions(text, line, column)
        for code, language, pattern in _compiled():
            explanation, applies = CODES[code]
            if authorship not in applies:
                continue
            for m in pattern.finditer(text):
                ln, col = position(m.start())
                findings.append(
                    LintFinding(
                        code=code,
                        line=ln,
                        column=col,
                        excerpt=m.group(),
                        language=language,
                        explanation=explanation,
                    )
                )
    if authorship is Authorship.AUTOMATED and any(_FIRST_PERSON.search(t) for t, _, _ in pieces):
        explanation = CODES["executive_voice"][0]
        for text, line, column in pieces:
            position = _Positions(text, line, column)
            for m in _TITLES.finditer(text):
                ln, col = position(m.start())
                findings.append(
                    LintFinding(
                        code="executive_voice",
                        line=ln,
                        column=col,
                        excerpt=m.group(),
                        language="*",
                        explanation=explanation,
                    )
                )
    unique = {(f.line, f.column, f.code): f for f in findings}
    return tuple(sorted(unique.values(), key=lambda f: (f.line, f.column, f.code)))
