"""
Assigning people to an experiment's arms within what the policy permits, and exposures.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from .._decision import Decision, Verdict
from .._message import Message
from .._time import aware
from ..exceptions import InvalidFieldError
from ._buckets import bucket_ranges, choose_variation, in_namespace
from ._hashing import hash as _hash
from ._model import (
    HOLDOUT_VARIANT,
    Assignment,
    AssignmentStatus,
    Experiment,
    Exposure,
    Variant,
)

if TYPE_CHECKING:
    from .._contacts import Contact
    from ._holdout import Holdout

__all__ = ["assign", "bucket_of", "expose"]

#: Decides a message for the person being assigned (``pt.decide`` with its other arguments).
Decide = Callable[[Message], Decision]


def _outside(experiment: Experiment, contact: Contact, at: dt.datetime) -> str | None:
    if not experiment.is_active(at):
        return "inactive"
    if experiment.stages and contact.stage not in experiment.stages:
        return "stage"
    if experiment.namespace is not None and not in_namespace(contact.id, experiment.namespace):
        return "namespace"
    return None


def bucket_of(experiment: Experiment, contact_id: str) -> tuple[float | None, Variant | None]:
    """
    The person's hash and the arm it falls in (``None`` outside coverage), as GrowthBook does.

    Ignores time, stage, namespace and consent: :func:`assign` checks those.

    .. versionadded:: 0.4.0
    """
    n = _hash(experiment.hash_seed, contact_id, experiment.hash_version)
    if n is None:
        return None, None
    ranges = bucket_ranges(
        len(experiment.variants),
        experiment.coverage,
        list(experiment.weights) if experiment.weights is not None else None,
    )
    index = choose_variation(n, ranges)
    return n, (experiment.variants[index] if index >= 0 else None)


def ineligibility(variant: Variant, decision: Decision) -> str | None:
    if decision.verdict is Verdict.DENY:
        return "denied"
    if decision.verdict is Verdict.DEFER:
        return "deferred"
    if variant.level is not None and decision.level < variant.level:
        return "level"
    return None


def assign(
    experiment: Experiment,
    contact: Contact,
    *,
    at: dt.datetime,
    message: Message,
    decide: Decide,
    holdout: Holdout | None = None,
) -> Assignment:
    """
    Assign *contact* to an arm of *experiment*, within what the policy permits.

    A person in the global *holdout* gets the generic form of *message* (``HOLDOUT``); one
    outside the experiment's time, stages, namespace or coverage is ``NOT_IN_EXPERIMENT``;
    anyone else is bucketed as GrowthBook would, the arm is applied to *message*, and
    *decide* decides it.  If the decision does not allow it now, or permits less than the
    arm's level, the person is ``INELIGIBLE`` for that arm: never moved to another, so an arm
    never raises what the policy permits.  Every arm (and the generic message, with a
    *holdout*) is decided for everyone in the experiment: :attr:`Assignment.eligible_for`
    says which the policy permits, so that :func:`tally` compares arms on the people eligible
    for all of them, which consent cannot bias.  The result depends on the arguments alone.

    Args:
        experiment: The experiment.
        contact: The person.
        at: The instant (aware).
        message: The message as it would be sent without the experiment.
        decide: Decides a message for *contact* at *at*, e.g. ``lambda m:
            pt.decide(contact, m, consents=grants, at=at)`` or ``partial(pt.decide, prepared)``.
        holdout: The global holdout, if any.

    .. versionadded:: 0.4.0
    """
    at = aware(at, "at")
    made = functools.partial(Assignment, experiment=experiment.key, contact_id=contact.id, at=at)
    outside = _outside(experiment, contact, at)
    bucket, variant = (None, None) if outside else bucket_of(experiment, contact.id)
    if outside is None and variant is None:
        outside = "coverage"
    decided: dict[str, Decision] = {}
    if holdout is not None and holdout.holds(contact.id):
        generic = holdout.generic(message)
        decided[HOLDOUT_VARIANT] = decision = decide(generic)
        eligible = frozenset() if outside else _eligible(experiment, message, decide, decided)
        return made(
            status=AssignmentStatus.HOLDOUT, bucket=bucket, message=generic, decision=decision,
            reason=outside, eligible_for=eligible,
        )  # fmt: skip
    if variant is None:
        return made(status=AssignmentStatus.NOT_IN_EXPERIMENT, bucket=bucket, reason=outside)
    arm = variant.apply(message)
    decided[variant.key] = decision = decide(arm)
    if holdout is not None:
        decided[HOLDOUT_VARIANT] = decide(holdout.generic(message))
    why = ineligibility(variant, decision)
    return made(
        status=AssignmentStatus.INELIGIBLE if why else AssignmentStatus.VARIANT,
        variant=variant, bucket=bucket, message=arm, decision=decision, reason=why,
        eligible_for=_eligible(experiment, message, decide, decided),
    )  # fmt: skip


def _eligible(
    experiment: Experiment, message: Message, decide: Decide, decided: dict[str, Decision]
) -> frozenset[str]:
    """The arms (and the holdout, when *decided* has it) the person's decisions permit."""
    keys = []
    for v in experiment.variants:
        known = decided.get(v.key)
        if ineligibility(v, decide(v.apply(message)) if known is None else known) is None:
            keys.append(v.key)
    held = decided.get(HOLDOUT_VARIANT)
    if held is not None and held.is_allowed:
        keys.append(HOLDOUT_VARIANT)
    return frozenset(keys)


def expose(
    assignment: Assignment, *, at: dt.datetime, message_id: str | None = None
) -> Exposure | None:
    """
    The exposure to record once the assignment's message was sent, or ``None``.

    Only a message that may be sent (an eligible arm or the holdout, allowed) makes an
    exposure; its level is the lower of the level the message asked for and the level the
    decision permitted, so no exposure is ever above its decision's level.

    Args:
        assignment: What :func:`assign` returned.
        at: When the message was sent.
        message_id: The sent message's id (default: the message's own ``id``).

    Raises:
        InvalidFieldError: Neither gives a message id.

    .. versionadded:: 0.4.0
    """
    if not assignment.may_send or assignment.message is None or assignment.decision is None:
        return None
    message_id = message_id or assignment.message.id
    if not message_id:
        raise InvalidFieldError("message_id", "needed to join outcomes to the exposure")
    decided = assignment.decision.level
    variant = assignment.variant.key if assignment.variant is not None else HOLDOUT_VARIANT
    return Exposure(
        experiment=assignment.experiment,
        variant=variant,
        contact_id=assignment.contact_id,
        message_id=message_id,
        decided_level=decided,
        level=min(assignment.message.level, decided),
        at=at,
    )
