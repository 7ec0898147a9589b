"""
Synthetic contacts and consent ledgers for tests and benchmarks.

Contacts are assembled from the pools of :mod:`._pools` (validated parts built once), so
streaming a million of them is fast and holds only the pools in memory.  A contact's parts are
chosen with a seeded :class:`random.Random`, so the same seed always yields the same contacts.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from .._channels import Channel
from .._consent import (
    ConsentGrant,
    ConsentLedger,
    Evidence,
    GrantScope,
    LawfulBasis,
    Purpose,
)
from .._contacts import Contact, ContactPoint
from .._facts import Sensitivity
from ..exceptions import InvalidFieldError
from ._pools import pools, stable

#: Every this-many-th synthetic contact gets a stage added after the first release.
_LATER_STAGE_EVERY = 13


def synthetic_contacts(n: int, *, seed: int) -> Iterator[Contact]:
    """
    Yield *n* varied, valid contacts; the same *seed* always yields the same contacts.

    A generator streaming in constant memory (a million is fine).  Contacts spread over
    time zones from UTC-10 to UTC+14 (with and without daylight saving time), locales,
    jurisdictions, stages and birth dates (February 29 included), and carry zero to four
    facts: teams, trips, purchases, anniversaries, and a few inferred or sensitive ones that
    a policy must refuse to use.  Ids are ``"s<seed>-<n>"``.

    Args:
        n: How many contacts to yield.
        seed: Chooses the contacts.

    Raises:
        InvalidFieldError: *n* is negative.

    >>> contacts = list(synthetic_contacts(3, seed=1))
    >>> [c.id for c in contacts]
    ['s1-0', 's1-1', 's1-2']
    >>> contacts == list(synthetic_contacts(3, seed=1))
    True

    .. versionadded:: 0.1.0
    """
    if not isinstance(n, int) or n < 0:
        raise InvalidFieldError("n", "must be a non-negative integer")
    return _generate(n, seed)


def _generate(n: int, seed: int) -> Iterator[Contact]:
    p = pools()
    rng = random.Random(seed)
    bits = rng.getrandbits
    instants, places, names, handles = p.instants, p.places, p.names, p.handles
    births, stages, facts, prefs, privacy = p.births, p.stages, p.facts, p.preferences, p.privacy
    n_inst, n_places, n_names, n_births = len(instants), len(places), len(names), len(births)
    n_stages, n_facts, n_prefs, n_priv = len(stages), len(facts), len(prefs), len(privacy)
    later = p.later_stages
    email, sms, phone, social = Channel.EMAIL, Channel.SMS, Channel.PHONE, Channel.SOCIAL
    for i in range(n):
        r = bits(64)
        tz, loc, jurisdiction, prefix = places[r % n_places]
        r //= n_places
        name_i = r % n_names
        r //= n_names
        cid = f"s{seed}-{i}"
        mix = r & 7
        r >>= 3
        points: tuple[ContactPoint, ...]
        handle = handles[name_i]
        if mix == 0:
            points = (ContactPoint(social, f"@{handle}{i}"),)
        elif mix < 4:  # noqa: PLR2004 - three in eight: e-mail only
            points = (ContactPoint(email, f"{handle}.{i}@example.com", verified=mix != 1),)
        else:
            points = (
                ContactPoint(email, f"{handle}.{i}@example.com", verified=True),
                ContactPoint(sms if mix & 1 else phone, f"{prefix} 555 {i % 10000:04d}"),
            )
        stage = stages[r % n_stages]
        r //= n_stages
        if i % _LATER_STAGE_EVERY == _LATER_STAGE_EVERY - 1 and later:
            stage = later[(i // _LATER_STAGE_EVERY) % len(later)]
        created = instants[r % n_inst]
        r //= n_inst
        yield Contact(
            id=cid,
            name=names[name_i],
            locale=loc,
            timezone=tz,
            created_at=created,
            jurisdiction=jurisdiction,
            stage=stage,
            birth_date=births[r % n_births],
            contact_points=points,
            facts=facts[(r // n_births) % n_facts],
            preferences=prefs[(r // 7) % n_prefs],
            privacy=privacy[(r // 13) % n_priv],
        )


_PURPOSES = (
    (Purpose.MARKETING_EMAIL, LawfulBasis.CONSENT),
    (Purpose.MARKETING_SMS, LawfulBasis.PRIOR_EXPRESS_WRITTEN_CONSENT),
    (Purpose.PERSONALIZATION_PROFILE, LawfulBasis.CONSENT),
    (Purpose.RELATIONSHIP, LawfulBasis.LEGITIMATE_INTEREST),
    (Purpose.sensitive(Sensitivity.HEALTH), LawfulBasis.EXPLICIT_CONSENT),
)


def synthetic_ledger(contact: Contact, *, seed: int) -> ConsentLedger:
    """
    A plausible consent ledger of five grants for *contact*, the same for the same *seed*.

    Grants start after the contact was created: e-mail marketing (sometimes awaiting its
    double opt-in), SMS marketing with prior express written consent (sometimes withdrawn),
    profile personalization (sometimes expired), relationship messages on legitimate
    interest, and explicit consent for health facts scoped to ``family.parent_care``.

    >>> contact = next(synthetic_contacts(1, seed=7))
    >>> len(synthetic_ledger(contact, seed=7))
    5

    .. versionadded:: 0.1.0
    """
    rng = random.Random(seed * 1_000_003 + stable(contact.id))
    start = contact.created_at
    grants: list[ConsentGrant] = []
    for k, (purpose, basis) in enumerate(_PURPOSES):
        granted = start.add(days=rng.randrange(0, 400), minutes=rng.randrange(1440))
        roll = rng.random()
        grants.append(
            ConsentGrant(
                id=f"{contact.id}-g{k}",
                contact_id=contact.id,
                purpose=purpose,
                basis=basis,
                granted_at=granted,
                requires_confirmation=k == 0,
                confirmed_at=(granted.add(minutes=7) if k == 0 and roll > 0.1 else None),  # noqa: PLR2004
                withdrawn_at=(granted.add(days=200) if k == 1 and roll < 0.3 else None),  # noqa: PLR2004
                expires_at=(granted.add(years=2) if k == 2 else None),  # noqa: PLR2004
                scope=(
                    GrantScope(fact_keys=["family.parent_care"], sensitivities=[Sensitivity.HEALTH])
                    if k == 4  # noqa: PLR2004
                    else None
                ),
                evidence=Evidence(
                    source="synthetic",
                    method="double_opt_in" if k == 0 else "checkbox",
                    notice_id="privacy-notice",
                    notice_version=f"{1 + k}.0",
                    locale=contact.locale,
                    captured_by="synthetic",
                ),
            )
        )
    return ConsentLedger(contact.id, tuple(grants))
