"""
How a consent grant was captured, kept so that it can be demonstrated later.

Besides where and how, the evidence says who obtained it (:class:`Obtained`: the sender
itself, a partner whose notice named the sender, or a list that did not) and, for a
parent's consent, how the parent was verified (:class:`ParentalVerification`).
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from .._validators import StrictStrEnum, items, lookup, optional_text
from ..exceptions import InvalidFieldError

__all__ = ["Evidence", "Obtained", "ParentalVerification"]


class Obtained(StrictStrEnum):
    """
    Who obtained a consent: the sender itself, or someone else for it.

    .. versionadded:: 0.4.0
    """

    #: The sender asked the person itself (the default, and what older records mean).
    DIRECT = "direct"
    #: A partner asked, and its notice named the senders the person agreed to hear from.
    NAMED_PARTNER = "named_partner"
    #: A list asked for unnamed "partners" or categories of them: the notice did not
    #: name this sender (PECR and the GDPR do not accept it; CASL does, on conditions).
    UNNAMED_LIST = "unnamed_list"


class ParentalVerification(StrictStrEnum):
    """
    How a parent's or guardian's identity was verified (COPPA, 16 CFR 312.5(b)).

    .. versionadded:: 0.4.0
    """

    #: A signed consent form returned by post, fax or electronic scan.
    SIGNED_FORM = "signed_form"
    #: A payment card or online payment system notifying the account holder.
    PAYMENT = "payment"
    #: A toll-free telephone or video call with trained personnel.
    CALL = "call"
    #: A government-issued identity document checked against a database (then deleted).
    GOVERNMENT_ID = "government_id"
    #: Knowledge-based authentication questions a child could not answer.
    KNOWLEDGE_BASED = "knowledge_based"
    #: A face matched against a verified identity document.
    FACE_MATCH = "face_match"
    #: "Text plus": a text message to the parent followed by a confirmation.
    TEXT_PLUS = "text_plus"
    #: "E-mail plus": an e-mail followed by a confirmation; only for internal use of the
    #: child's data, never to disclose it.
    EMAIL_PLUS = "email_plus"


def _obtained(value: Obtained | str) -> Obtained:
    return lookup(Obtained, value, "obtained")


def _verification(value: ParentalVerification | str | None) -> ParentalVerification | None:
    return None if value is None else lookup(ParentalVerification, value, "verification")


def _name(value: str) -> str:
    # Names compare without case and runs of spaces: "Acme  Ltd" names "acme ltd".
    return " ".join(value.split()).casefold()


def _senders(values: Iterable[str]) -> frozenset[str]:
    out = set()
    for v in items(values, "named_senders"):
        if not isinstance(v, str) or not v.strip():
            raise InvalidFieldError("named_senders", "must hold non-empty strings")
        out.add(" ".join(v.split()))
    return frozenset(out)


@attrs.frozen(kw_only=True)
class Evidence:
    """
    How a grant was captured, so it can be demonstrated later (GDPR Art. 7(1)).

    Args:
        source: Where: ``"signup form v3"``, ``"call with account manager"``.
        method: How: ``"checkbox"``, ``"double_opt_in"``, ``"verbal"``, ``"paper"``.
        notice_id: The privacy notice or consent text shown.
        notice_version: Its version.
        locale: The language the notice was shown in.
        captured_by: Who or what recorded it (a user id or system name, not a person's name).
        opt_out_offered: Whether a free, simple way to refuse marketing was offered when the
            details were collected (a condition of the PECR/ePrivacy soft opt-in and the
            charitable soft opt-in).
        obtained: Who obtained it (default :attr:`Obtained.DIRECT`: the sender itself).
        partner: The organisation that obtained it, when not the sender (required then).
        named_senders: The organisations its notice named as the ones the person would hear
            from (required for :attr:`Obtained.NAMED_PARTNER`).
        given_by: For a parent's consent, your id of the parent or guardian who gave it (an
            id, not a name): the grant is about the child, given by another person.
        verification: For a parent's consent, how the parent was verified.

    Raises:
        InvalidFieldError: A partner is named for a direct consent, or missing for one
            obtained by someone else; a named partner's notice names no sender; a field has
            the wrong type.

    >>> import personal_touch as pt
    >>> from personal_touch.values import Obtained
    >>> ev = pt.Evidence(
    ...     source="partner sign-up",
    ...     method="checkbox",
    ...     obtained=Obtained.NAMED_PARTNER,
    ...     partner="Contoso",
    ...     named_senders=["Northwind"],
    ... )
    >>> ev.counts_for("northwind"), ev.counts_for("Fabrikam")
    (True, False)

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.4.0
       ``obtained``, ``partner``, ``named_senders``, ``given_by`` and ``verification``.
    """

    source: str
    method: str
    notice_id: str | None = None
    notice_version: str | None = None
    locale: str | None = None
    captured_by: str | None = None
    opt_out_offered: bool = False
    obtained: Obtained = attrs.field(default=Obtained.DIRECT, converter=_obtained)
    partner: str | None = attrs.field(default=None, validator=optional_text("partner"))
    named_senders: frozenset[str] = attrs.field(default=frozenset(), converter=_senders)
    given_by: str | None = attrs.field(default=None, validator=optional_text("given_by"))
    verification: ParentalVerification | None = attrs.field(default=None, converter=_verification)

    def __attrs_post_init__(self) -> None:
        direct = self.obtained is Obtained.DIRECT
        has_partner = self.partner is not None and bool(self.partner.strip())
        if direct and self.partner is not None:
            raise InvalidFieldError("partner", "must be empty for a consent obtained directly")
        if direct and self.named_senders:
            raise InvalidFieldError(
                "named_senders", "must be empty for a consent obtained directly"
            )
        if not direct and not has_partner:
            raise InvalidFieldError("partner", "must name who obtained the consent")
        if self.obtained is Obtained.NAMED_PARTNER and not self.named_senders:
            raise InvalidFieldError("named_senders", "must name at least one sender")
        if self.given_by is not None and not self.given_by.strip():
            raise InvalidFieldError("given_by", "must be a non-empty id or None")

    def stable_fields(self) -> list[object]:
        """
        The evidence as JSON-able fields that are the same in every process (sets sorted).

        The fields added in 0.4.0 follow only when one differs from its default, so the
        evidence recorded before them keeps its text.

        .. versionadded:: 0.4.0
        """
        out: list[object] = [
            self.source,
            self.method,
            self.notice_id,
            self.notice_version,
            self.locale,
            self.captured_by,
            self.opt_out_offered,
        ]
        extra = [
            self.obtained.value,
            self.partner,
            sorted(self.named_senders),
            self.given_by,
            None if self.verification is None else self.verification.value,
        ]
        if extra != ["direct", None, [], None, None]:
            out += extra
        return out

    def names(self, sender: str) -> bool:
        """
        Whether the notice named *sender* (compared without case and extra spaces).

        .. versionadded:: 0.4.0
        """
        wanted = _name(sender)
        return any(_name(s) == wanted for s in self.named_senders)

    def counts_for(self, sender: str | None) -> bool:
        """
        Whether the consent may be relied on by *sender* (``None``: a sender not configured).

        A direct consent counts for its sender; one obtained by a named partner for the
        senders its notice named (for an unconfigured sender the record itself vouches that
        it is one of them); one obtained by a list that did not name its sender counts only
        for a sender the notice did name.

        .. versionadded:: 0.4.0
        """
        if self.obtained is Obtained.DIRECT:
            return True
        if sender is None:
            return self.obtained is Obtained.NAMED_PARTNER
        return self.names(sender)
