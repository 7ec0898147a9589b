"""
Which disclosure text a render says, completed from the decision and sender, and where it goes.

Each code has variants by the parameters they use (see :mod:`._disclosure_texts`); the first
variant whose parameters the decision (or the sender) supplied is chosen.  A language without
texts falls back to English.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
from collections.abc import Mapping
from typing import TYPE_CHECKING

import attrs

from .._channels import Channel
from .._decision import Disclosure, DisclosureCode
from ._disclosure_texts import TEXTS, TOPICS
from ._formats import formats_for

if TYPE_CHECKING:
    from .._sender import SenderProfile

#: Channels that carry the short forms.
SHORT_CHANNELS = frozenset({Channel.SMS, Channel.PUSH})


def _param_text(name: str, value: str, locale: str) -> str:
    if name == "date":
        try:
            return formats_for(locale).format_date(dt.date.fromisoformat(value[:10]))
        except ValueError:
            return value
    if name == "topic":
        words = TOPICS.get(formats_for(locale).language, TOPICS["en"])
        found = words.get(value) or words.get(value.partition(".")[0])
        return found or value.replace("_", " ").replace(".", " ")
    return value


#: Disclosures whose parameter-free texts tell the reader to reply: usable only when the
#: sender honours replies as opt-outs, on a channel one can reply on.
_REPLY_CODES = frozenset({DisclosureCode.UNSUBSCRIBE, DisclosureCode.SMS_OPT_OUT})


def _text(
    code: DisclosureCode,
    params: Mapping[str, str],
    locale: str,
    *,
    short: bool,
    replies: bool,
) -> str | None:
    language = formats_for(locale).language
    by_language = TEXTS[code]
    forms = by_language.get(language) or by_language["en"]
    if "topic" not in params and "key" in params:
        params = {**params, "topic": params["key"]}
    for needs, text in forms["short" if short else "long"]:
        if not needs and not replies and code in _REPLY_CODES:
            continue
        if all(params.get(p) for p in needs):
            return text.format_map({p: _param_text(p, params[p], locale) for p in needs})
    return None


def disclosure_text(disclosure: Disclosure, *, locale: str, short: bool = False) -> str | None:
    """
    The text of *disclosure* in *locale*, falling back to English.

    ``None`` when the decision gave none of the parameters any variant needs (an address
    without one).

    >>> from personal_touch.values import Disclosure, DisclosureCode
    >>> disclosure_text(Disclosure(DisclosureCode.AUTOMATED_MESSAGE), locale="de_AT")
    'Diese Nachricht wurde automatisch versendet.'

    .. versionadded:: 0.1.0
    """
    return _text(disclosure.code, disclosure.params, locale, short=short, replies=True)


@attrs.frozen
class Assembly:
    """
    The disclosure texts a render adds, and the codes it could not supply.
    """

    #: Put before the body (the sender's name on SMS and push: "Northwind: ...").
    prefix: str
    #: Appended to the body.
    footer: str
    #: The disclosures that have a text, in decision order.
    carried: tuple[Disclosure, ...]
    #: The codes no text could be built for (sorted, unique).
    missing: tuple[DisclosureCode, ...]


def _params(sender: SenderProfile | None, channel: Channel) -> tuple[dict[str, str], bool]:
    if sender is None:
        return {}, False
    base = sender.params()
    if channel is not Channel.SMS:
        base.pop("keyword", None)
    return base, sender.honours_replies(channel)


@functools.lru_cache(maxsize=4096)
def texts(
    disclosures: tuple[Disclosure, ...],
    sender: SenderProfile | None,
    locale: str,
    channel: Channel,
) -> tuple[str | None, ...]:
    """
    The text of each of *disclosures* on *channel*, completed from *sender* (cached).

    A decision's own parameters win over the profile's.  Reply-based opt-outs ("reply STOP")
    are offered only when *sender* honours replies on *channel*; ``None`` where no variant
    can be built.
    """
    short = channel in SHORT_CHANNELS
    base, replies = _params(sender, channel)
    out: list[str | None] = []
    for d in disclosures:
        params = {**base, **d.params} if base else d.params
        text = _text(d.code, params, locale, short=short, replies=replies)
        if text is None and d.code is DisclosureCode.SMS_OPT_OUT and params.get("url"):
            # "Reply STOP" cannot be built (no reply on this channel): a link opts out too.
            text = _text(DisclosureCode.UNSUBSCRIBE, params, locale, short=short, replies=False)
        out.append(text)
    return tuple(out)


def disclosure_for(
    code: DisclosureCode,
    required: tuple[Disclosure, ...],
    sender: SenderProfile | None,
    locale: str,
    channel: Channel,
) -> str | None:
    """
    The text ``{{ disclosures.<code> }}`` renders: as the decision requires it, or from *sender*.
    """
    found = next((d for d in required if d.code is code), None)
    return texts((found or Disclosure(code),), sender, locale, channel)[0]


def _contains(body: str, text: str) -> bool:
    """
    Whether *body* says *text* already, starting at a word boundary.
    """
    start = body.find(text)
    while start != -1:
        if start == 0 or not body[start - 1].isalnum():
            return True
        start = body.find(text, start + 1)
    return False


def assemble(
    disclosures: tuple[Disclosure, ...],
    sender: SenderProfile | None,
    locale: str,
    channel: Channel,
    *,
    html_output: bool,
    body: str = "",
) -> Assembly:
    """
    What to add to *body* so that it carries every one of *disclosures*.

    A disclosure whose text *body* already says (a template's ``{{ disclosures.<code> }}``)
    is not added again; one no text can be built for is reported in
    :attr:`Assembly.missing`, never silently left out.
    """
    said = (
        frozenset(
            i
            for i, needle in enumerate(_needles(disclosures, sender, locale, channel, html_output))
            if needle is not None and _contains(body, needle)
        )
        if body
        else frozenset()
    )
    return _assembly(disclosures, sender, locale, channel, html_output, said)


class Assemblies:
    """
    The disclosure assemblies of one compiled template and locale, kept (bounded).

    :meth:`assemble` gives what :func:`assemble` gives, with one dictionary look-up per
    render for the disclosures, sender and channel seen before: their texts as a body says
    them, and the assembly for each set of them the body already says.  Held by the
    compiled program that renders with it; cleared whole when :data:`MAX_KEPT` entries
    are kept.
    """

    __slots__ = ("_html", "_kept", "_locale")

    #: Disclosure sets (with sender and channel) kept at most.
    MAX_KEPT = 256

    def __init__(self, locale: str, *, html_output: bool) -> None:
        self._locale = locale
        self._html = html_output
        self._kept: dict[
            tuple[tuple[Disclosure, ...], SenderProfile | None, str],
            tuple[tuple[str | None, ...], dict[int, Assembly]],
        ] = {}

    def __len__(self) -> int:
        return len(self._kept)

    def assemble(
        self,
        disclosures: tuple[Disclosure, ...],
        sender: SenderProfile | None,
        channel: Channel,
        body: str,
    ) -> Assembly:
        """
        :func:`assemble` for this locale and escaping mode.
        """
        key = (disclosures, sender, channel._value_)
        entry = self._kept.get(key)
        if entry is None:
            if len(self._kept) >= self.MAX_KEPT:
                self._kept.clear()
            needles = _needles(disclosures, sender, self._locale, channel, self._html)
            entry = self._kept[key] = (needles, {})
        needles, by_said = entry
        said = 0
        if body:
            for i, needle in enumerate(needles):
                if needle is not None and needle in body and _contains(body, needle):
                    said |= 1 << i
        found = by_said.get(said)
        if found is None:
            indices = frozenset(i for i in range(len(needles)) if said >> i & 1)
            found = by_said[said] = _assembly(
                disclosures, sender, self._locale, channel, self._html, indices
            )
        return found


@functools.lru_cache(maxsize=4096)
def _needles(
    disclosures: tuple[Disclosure, ...],
    sender: SenderProfile | None,
    locale: str,
    channel: Channel,
    html_output: bool,  # noqa: FBT001 - a cache key, passed positionally
) -> tuple[str | None, ...]:
    """
    Each disclosure's text as a body would say it (escaped in HTML), ``None`` without one.
    """
    found = texts(disclosures, sender, locale, channel)
    return tuple(t if t is None or not html_output else html.escape(t) for t in found)


@functools.lru_cache(maxsize=4096)
def _assembly(  # noqa: PLR0917
    disclosures: tuple[Disclosure, ...],
    sender: SenderProfile | None,
    locale: str,
    channel: Channel,
    html_output: bool,  # noqa: FBT001 - a cache key, passed positionally
    said: frozenset[int],
) -> Assembly:
    """
    The :class:`Assembly` for a body that already says the disclosures at the indices *said*.
    """
    short = channel in SHORT_CHANNELS
    prefix: list[str] = []
    added: list[str] = []
    carried: list[Disclosure] = []
    missing: set[DisclosureCode] = set()
    found = texts(disclosures, sender, locale, channel)
    for i, (d, text) in enumerate(zip(disclosures, found, strict=True)):
        if text is None:
            missing.add(d.code)
            continue
        carried.append(d)
        if i in said:
            continue
        if short and d.code is DisclosureCode.SENDER_IDENTITY:
            if text not in prefix:
                prefix.append(text)
        elif text not in added:
            added.append(text)
    head = " ".join(prefix) + " " if prefix else ""
    if not added:
        tail = ""
    elif short:
        tail = " " + " ".join(added)
    elif html_output:
        paras = "".join(f"<p>{html.escape(t)}</p>" for t in added)
        tail = f'\n<footer class="pt-disclosures">{paras}</footer>'
    else:
        tail = "\n\n-- \n" + "\n".join(added)
    return Assembly(head, tail, tuple(carried), tuple(sorted(missing)))
