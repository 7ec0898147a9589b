"""
The tour's contacts section: one table per sample contact, fact keys only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .._consent import ConsentGrant, ConsentLedger, GrantStatus
from .._facts import Fact, Provenance
from ._text import WIDTH

if TYPE_CHECKING:
    import pendulum

    from .._contacts import Contact
    from ..testing import SampleData

__all__ = ["contact_block", "contacts_section"]

_WHY_NOT = {
    GrantStatus.EXPIRED: "expired",
    GrantStatus.WITHDRAWN: "withdrawn",
    GrantStatus.PENDING_CONFIRMATION: "pending confirmation",
    GrantStatus.NOT_YET_GRANTED: "not yet granted",
}

_PROVENANCE_ORDER = {p: i for i, p in enumerate(Provenance)}


def _day(instant: pendulum.DateTime | None, tz: str = "UTC") -> str:
    """
    The local date of *instant* in zone *tz*.
    """
    return "-" if instant is None else instant.in_timezone(tz).format("YYYY-MM-DD")


def _grant_label(g: ConsentGrant) -> str:
    channels = f" [{', '.join(sorted(c.value for c in g.channels))}]" if g.channels else ""
    return f"{g.id:<10} {g.purpose}{channels}"


def _in_force_note(g: ConsentGrant, tz: str) -> str:
    parts = [g.basis.value.replace("_", " ")]
    if g.confirmed_at is not None:
        parts.append(f"double opt-in confirmed {_day(g.confirmed_at, tz)}")
    if g.expires_at is not None:
        parts.append(f"until {_day(g.expires_at, tz)}")
    if g.scope is not None:
        covered = sorted(g.scope.fact_keys) + sorted(s.value for s in g.scope.sensitivities)
        covered += sorted(g.scope.product_categories)
        if covered:
            parts.append("scope: " + ", ".join(covered))
    return "; ".join(parts)


def _why_not(g: ConsentGrant, status: GrantStatus, tz: str) -> str:
    when = {
        GrantStatus.EXPIRED: g.expires_at,
        GrantStatus.WITHDRAWN: g.withdrawn_at,
        GrantStatus.PENDING_CONFIRMATION: g.granted_at,
        GrantStatus.NOT_YET_GRANTED: g.granted_at,
    }[status]
    prep = {
        GrantStatus.PENDING_CONFIRMATION: "since",
        GrantStatus.NOT_YET_GRANTED: "starts",
    }.get(status, "on")
    return f"{_WHY_NOT[status]} ({prep} {_day(when, tz)})"


def _consent_lines(ledger: ConsentLedger, at: pendulum.DateTime, tz: str) -> list[str]:
    statuses = ledger.statuses(at)
    active = [g for g, s in statuses if s is GrantStatus.ACTIVE]
    inactive = [(g, s) for g, s in statuses if s is not GrantStatus.ACTIVE]
    lines = ["  consents in force:" + ("" if active else " none")]
    lines += [f"    {_grant_label(g):<46} {_in_force_note(g, tz)}" for g in active]
    if inactive:
        lines.append("  not in force:")
        lines += [f"    {_grant_label(g):<46} {_why_not(g, s, tz)}" for g, s in inactive]
    return lines


def _fact_note(f: Fact, at: pendulum.DateTime, tz: str) -> str:
    notes = []
    if f.confidence is not None:
        notes.append(f"confidence {f.confidence:.2f}")
    if f.valid_until is not None:
        notes.append(("until " if f.is_valid_at(at) else "expired ") + _day(f.valid_until, tz))
    return f.key + (f" ({', '.join(notes)})" if notes else "")


def _fact_lines(contact: Contact, at: pendulum.DateTime) -> list[str]:
    if not contact.facts:
        return ["  facts: none"]
    groups: dict[tuple[Provenance, str], list[str]] = {}
    for f in contact.facts:
        groups.setdefault((f.provenance, f.sensitivity.value), []).append(
            _fact_note(f, at, contact.calendar_zone)
        )
    lines = ["  facts (keys only, by provenance / sensitivity):"]
    for (prov, sens), keys in sorted(
        groups.items(), key=lambda kv: (_PROVENANCE_ORDER[kv[0][0]], kv[0][1])
    ):
        flag = ""
        if prov is Provenance.INFERRED or sens != "ordinary":
            flag = (
                "  <- needs explicit, scoped consent"
                if prov is not Provenance.INFERRED
                else ("  <- inferred: never used to address them")
            )
        lines.append(f"    {prov.value + ' / ' + sens:<34} {', '.join(keys)}{flag}")
    return lines


def _privacy_line(contact: Contact, at: pendulum.DateTime) -> str | None:
    p = contact.privacy
    parts = []
    if p.global_privacy_control:
        parts.append("Global Privacy Control")
    if p.limit_sensitive_data:
        parts.append("limit use of sensitive data")
    if p.dnc_registries:
        parts.append("do-not-call: " + ", ".join(sorted(r.value for r in p.dnc_registries)))
    if p.has_objected(at):
        parts.append(
            f"objected to marketing ({_day(p.objected_to_marketing_at, contact.calendar_zone)})"
        )
    return "  privacy signals: " + "; ".join(parts) if parts else None


def _preference_line(contact: Contact, at: pendulum.DateTime) -> str | None:
    p = contact.preferences
    parts = []
    if p.preferred_channels:
        parts.append("prefers " + " > ".join(c.value for c in p.preferred_channels))
    if p.blocked_channels:
        parts.append("blocks " + ", ".join(sorted(c.value for c in p.blocked_channels)))
    if p.max_level is not None:
        parts.append(f"at most {p.max_level.value}")
    if p.excluded_topics:
        parts.append("no topics: " + ", ".join(sorted(p.excluded_topics)))
    if p.excluded_sensitivities:
        parts.append("never: " + ", ".join(sorted(s.value for s in p.excluded_sensitivities)))
    if p.quiet_hours is not None:
        parts.append(f"quiet {p.quiet_hours.start:%H:%M}-{p.quiet_hours.end:%H:%M}")
    if p.is_paused(at):
        parts.append(f"paused until {_day(p.paused_until, contact.calendar_zone)}")
    if p.register is not None:
        parts.append(p.register.value)
    return "  preferences: " + "; ".join(parts) if parts else None


def _display_name(contact: Contact) -> str:
    n = contact.name
    given = n.informal or ""
    initial = f" {n.family[0]}." if n.family else ""
    return (given + initial).strip() or "(no name)"


def _wrap(line: str, indent: str = "      ") -> Iterable[str]:
    while len(line) > WIDTH:
        cut = line.rfind(" ", 0, WIDTH)
        if cut <= len(indent):
            break
        yield line[:cut]
        line = indent + line[cut + 1 :]
    yield line


def contact_block(sample: SampleData, contact: Contact, at: pendulum.DateTime) -> str:
    """
    One contact's table: who, where, channels, consents and facts at instant *at*.
    """
    local = contact.local(at)
    jurisdiction = str(contact.jurisdiction) if contact.jurisdiction else "unknown"
    head = (
        f"{contact.id}  {_display_name(contact)}  |  {contact.stage.value}  |  {jurisdiction}"
        f"  |  {contact.locale}  |  {contact.calendar_zone} (local {local.format('ddd D MMM HH:mm')})"
    )
    points = ", ".join(
        p.channel.value + ("" if p.verified else " (unverified)") for p in contact.contact_points
    )
    lines = [head, "-" * min(len(head), WIDTH), f"  channels: {points or 'none'}"]
    lines += _consent_lines(sample.ledger_for(contact.id), at, contact.calendar_zone)
    lines += _fact_lines(contact, at)
    for extra in (_preference_line(contact, at), _privacy_line(contact, at)):
        if extra:
            lines.append(extra)
    history = [i for i in sample.history_for(contact.id) if i.at <= at]
    if history:
        last = history[-1]
        lines.append(
            f"  history: {len(history)} interaction{'s' if len(history) > 1 else ''}, "
            f"last {last.kind.value} on {_day(last.at, contact.calendar_zone)}"
        )
    return "\n".join(out for line in lines for out in _wrap(line))


def contacts_section(sample: SampleData, at: pendulum.DateTime) -> str:
    """
    The sample's contacts, one table each, as they stand at instant *at*.
    """
    title = f"personal_touch sample data at {at.isoformat()}: {len(sample.contacts)} contacts"
    intro = (
        "Each contact: stage, jurisdiction, locale and zone; the channels we can reach them on;\n"
        "the consents in force at this instant and why the others are not; what we know\n"
        "about them (fact keys only) grouped by how we learned it and how sensitive it is."
    )
    blocks = [contact_block(sample, c, at) for c in sample.contacts]
    return "\n\n".join([f"{title}\n{'=' * len(title)}\n{intro}", *blocks])
