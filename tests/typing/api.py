"""
Type-checked, never run: shows that the public API reads well under ``mypy --strict``.

Add usage of every public name here; ``nox -s typing`` checks this file, pytest ignores it.
"""

from __future__ import annotations

from typing import Any, assert_type

import personal_touch as pt
from personal_touch import moments, templates, values

assert_type(pt.__name__, str)

# -- personal_touch.converters ---------------------------------------------------------------
import pendulum  # noqa: E402

from personal_touch import converters  # noqa: E402

_conv = converters.make_converter()
assert_type(_conv, converters.Converter)
_contact = pt.Contact(id="c", created_at=pendulum.datetime(2026, 1, 1, tz="UTC"))
assert_type(converters.structure(converters.unstructure(_contact), pt.Contact), pt.Contact)
assert_type(converters.loads(converters.dumps(_contact, indent=2), pt.Contact), pt.Contact)
assert_type(converters.loads(b'{"id": "c-1"}', pt.Contact), pt.Contact)
assert_type(converters.load("contact.json", pt.Contact), pt.Contact)
assert_type(converters.parse_json(b"[]", what="file 'x.json'"), Any)
assert_type(converters.structure_many([{}], pt.Contact), list[pt.Contact])
assert_type(converters.unstructure_many([_contact]), list[Any])
assert_type(converters.format_datetime(_contact.created_at), str)
assert_type(converters.parse_datetime("2026-01-01T00:00:00+00:00"), pendulum.DateTime)

# -- moments, follow-ups and the planner ----------------------------------------------------
import datetime as _dt  # noqa: E402

_at = pendulum.datetime(2026, 11, 30, 9, tz="UTC")
_week = pendulum.duration(days=7)
_scan = pt.scan_moments([_contact], at=_at, within=_week)
assert_type(_scan, moments.MomentScan)
_moments: list[pt.Moment] = list(_scan)
assert_type(_scan.summary, moments.ScanSummary)
assert_type(_scan.summary.problems, tuple[moments.DataProblem, ...])
assert_type(pt.detect_moments(_contact, at=_at, within=_week), tuple[pt.Moment, ...])
_event = moments.Event(
    id="e", kind=moments.EventKind.SPORTS_RESULT, at=_at, team="A", outcome="won"
)
_opts = moments.MomentOptions(leap_day=moments.LeapDay.MAR_1, include_losses=True)
assert_type(
    pt.detect_moments(_contact, at=_at, within=_week, events=[_event], options=_opts),
    tuple[pt.Moment, ...],
)
_m = moments.BirthdayMoment(
    id="c:birthday:2026",
    contact_id="c",
    occurs_on=_dt.date(2026, 12, 1),
    window=moments.Window(_at, _at.add(hours=4)),
    tone=moments.Tone.CELEBRATORY,
    age=36,
)
assert_type(_m.kind, moments.MomentKind)
assert_type(_m.window.contains(_at), bool)
assert_type(moments.suggest_gestures(_m), tuple[moments.Gesture, ...])
assert_type(
    moments.schedule_follow_ups(
        _contact, [], at=_at, within=_week, cadence=moments.FollowUpCadence()
    ),
    tuple[moments.FollowUpMoment, ...],
)
_plan = pt.plan(
    _moments,
    [_contact],
    consents=[pt.ConsentLedger("c")],
    history=[],
    team=[moments.Writer(id="ana", name="Ana", per_day=3)],
    at=_at,
)
assert_type(_plan, pt.Plan)
assert_type(_plan.human, tuple[moments.HumanTask, ...])
assert_type(_plan.automated, tuple[moments.AutomatedTask, ...])
assert_type(_plan.skipped, tuple[moments.Skip, ...])
assert_type(_plan.agenda(), str)
assert_type(converters.dumps(_plan), str)

# -- templates --------------------------------------------------------------------------------
from personal_touch import filters  # noqa: E402

_template = pt.Template("Hi {{ contact.name | name | default: 'there' }}", subject="News")
assert_type(_template.requirements(), templates.Requirements)
assert_type(_template.requirements().level, pt.Level)
assert_type(_template.requirements().parts, tuple[templates.TemplatePart, ...])
_decision = pt.Decision(
    decision_id="d",
    contact_id="c",
    message=pt.message_for(_template, purpose="marketing", channel="email", contact=_contact),
    at=_at,
    verdict="allow",
    level="customized",
)
assert_type(_decision.approved_facts, tuple[values.ApprovedFact, ...])
assert_type(_decision.approved_in(_contact.facts), dict[str, pt.Fact])
assert_type(_decision.facts_digest, str | None)
_suggestions = _decision.what_if(target=pt.Level.PERSONAL)
assert_type(_suggestions, tuple[values.WhatIf, ...])
assert_type(_suggestions[0].changes, tuple[values.Change, ...])
assert_type(_suggestions[0].decision, pt.Decision)
_rendered = _template.render(_contact, _decision, locale="de_AT", extra={"link": "https://x"})
assert_type(_rendered, templates.Rendered)
assert_type(_rendered.text, str)
assert_type(_rendered.subject, str | None)
assert_type(_rendered.fallbacks, tuple[templates.Fallback, ...])
assert_type(_rendered.sms, templates.SmsCost | None)
_catalog = pt.TemplateCatalog({"en": _template}, default="en")
assert_type(_catalog.render(_contact, _decision), templates.Rendered)
assert_type(_catalog.select("de_AT"), pt.Template)
assert_type(
    pt.lint(_catalog, authorship=values.Authorship.ASSISTED), tuple[templates.LintFinding, ...]
)
assert_type(templates.measure_sms("hi").segments, int)
assert_type(templates.locale_chain("de_AT"), tuple[str, ...])
assert_type(templates.disclosure_text(values.Disclosure("unsubscribe"), locale="fr"), str | None)
_sender = pt.SenderProfile(name="Acme", unsubscribe_url="https://acme.example/u")
assert_type(_template.render(_contact, _decision, sender=_sender), templates.Rendered)
assert_type(_catalog.render(_contact, _decision, sender=_sender), templates.Rendered)
assert_type(_sender.can_opt_out(pt.Channel.SMS), bool)
assert_type(pt.ContentFlags().unsubscribe_offered, bool | None)
assert_type(pt.ContentFlags.declared(custom_audience=True), pt.ContentFlags)
assert_type(pt.ContentFlags().undeclared(), tuple[str, ...])
assert_type(filters.format_currency(1.5, "EUR", locale="de"), str)
assert_type(filters.format_date(_dt.date(2026, 1, 1), "long", locale="fr"), str)
assert_type(filters.pluralize(3, locale="pl", one="#", few="#", many="#", other="#"), str)
assert_type(filters.format_name(pt.Name("A"), locale="ja", register="formal"), str | None)
assert_type(templates.TemplateLimits(max_depth=4).max_output, int)
assert_type(templates.TemplateLimits(max_filters=4).max_filters, int)

# -- the model and personal_touch.testing ---------------------------------------------------
from collections.abc import Iterator, Mapping  # noqa: E402

from personal_touch import testing  # noqa: E402

_modelled = pt.Contact(
    id="c-2",
    name=pt.Name("Ada", "Lovelace", preferred="Ada"),
    locale="en_GB",
    timezone="Europe/London",
    jurisdiction="GB",
    stage="customer",
    created_at=_at,
    contact_points=[pt.ContactPoint(pt.Channel.EMAIL, "ada@example.org", verified=True)],
    facts=[
        pt.Fact(key="travel.next_trip", value={"to": "NYC"}, provenance="stated", recorded_at=_at)
    ],
    preferences=pt.Preferences(
        preferred_channels=[pt.Channel.EMAIL],
        quiet_hours=values.QuietHours("21:00", "08:00"),
        frequency_limits=[values.FrequencyLimit(2, values.Period.WEEK)],
    ),
)
assert_type(_modelled.fact("travel.next_trip"), pt.Fact | None)
assert_type(_modelled.age_on(_dt.date(2026, 1, 1)), int | None)
assert_type(_modelled.local(_at), pendulum.DateTime)
assert_type(_modelled.advance_to(pt.Stage.ADVOCATE, at=_at), pt.Contact)
assert_type(pt.Stage.parse("MQL"), pt.Stage)
assert_type(pt.Level.PERSONAL > pt.Level.GENERIC, bool)
_grant = pt.ConsentGrant(
    id="g", contact_id="c-2", purpose=pt.Purpose.MARKETING_EMAIL, granted_at=_at
)
_ledger = pt.ConsentLedger("c-2", [_grant]).withdraw("g", at=_at.add(days=1))
assert_type(_ledger.is_granted("marketing", pt.Channel.EMAIL, at=_at), bool)
assert_type(_ledger.statuses(_at), tuple[tuple[pt.ConsentGrant, values.GrantStatus], ...])
assert_type(_ledger.as_of(recorded_at=_at), pt.ConsentLedger)
assert_type(_ledger.renew("g", until=None, recorded_at=_at.add(days=2)), pt.ConsentLedger)
assert_type(_grant.known_since, pendulum.DateTime)
_sample = testing.load_sample()
assert_type(_sample, testing.SampleData)
assert_type(_sample.history_for("c-001"), tuple[pt.Interaction, ...])
assert_type(_sample.ledger_for("c-001"), pt.ConsentLedger)
assert_type(testing.synthetic_contacts(10, seed=1), Iterator[pt.Contact])
assert_type(testing.synthetic_ledger(_modelled, seed=1), pt.ConsentLedger)

# -- the policy engine ----------------------------------------------------------------------
from personal_touch import rules as _rules  # noqa: E402
from personal_touch.exceptions import DecisionDeniedError as _Denied  # noqa: E402

_policy = pt.default_policy()
assert_type(_policy, pt.Policy)
_msg = pt.Message(purpose="marketing", channel="email", level="segmented")
_decision = pt.decide(_contact, _msg, consents=(), at=_at, policy=_policy)
assert_type(_decision, pt.Decision)
assert_type(
    pt.decide(_contact, _msg, consents=pt.ConsentLedger("c"), history=[], at=_at), pt.Decision
)
_suppressions = pt.SuppressionList(
    [pt.Suppression.for_address("a@example.com", since=_at, channel=pt.Channel.EMAIL)]
).add(pt.Suppression(contact_id="c", since=_at, purposes=(), reason="erased"))
assert_type(pt.decide(_contact, _msg, consents=(), at=_at, suppressions=_suppressions), pt.Decision)
_scoped = pt.Suppression(contact_id="c", since=_at, subscription="newsletter.weekly")
_again = pt.ConsentGrant(id="g", contact_id="c", purpose="marketing.email", granted_at=_at)
assert_type(_scoped.lifted_by([_again]), pt.ConsentGrant | None)
assert_type(_scoped.reason.is_choice, bool)
assert_type(
    _suppressions.is_suppressed(
        _contact, channel="email", purpose="marketing", at=_at, topic="offers", grants=[_again]
    ),
    bool,
)
assert_type(pt.Purpose.parse("marketing.email"), str)
_prepared = pt.prepare(_contact, consents=(), history=[], at=_at, policy=_policy)
assert_type(_prepared, pt.Prepared)
assert_type(pt.decide(_prepared, _msg), pt.Decision)
_summary = values.HistorySummary.from_interactions("c", [], horizon_days=60)
assert_type(
    _summary.add(pt.Interaction(contact_id="c", kind="sent", at=_at)), values.HistorySummary
)
assert_type(pt.decide(_contact, _msg, consents=(), history=_summary, at=_at), pt.Decision)
assert_type(pt.prepare(_contact, consents=(), history=_summary, at=_at), pt.Prepared)
assert_type(_prepared.facts, Mapping[str, pt.Fact])
_batch = pt.decide_many(
    [pt.DecisionRequest(contact=_contact, message=_msg, at=_at)], policy=_policy
)
assert_type(_batch, Iterator[pt.Decision])
assert_type(pt.enforce(_decision), pt.Decision)
assert_type(_decision.explain(), str)
assert_type(_decision.decisive_reason, pt.Reason | None)


@_rules.rule("typing-example")
def _my_rule(request: _rules.Request) -> tuple[_rules.Outcome, ...]:
    return (_rules.Note("typing-example", "fyi", "noted"),)


assert_type(_my_rule, _rules.FunctionRule)
_custom: pt.Policy = _policy.with_rule(_my_rule, after="consent").without_rule("timing")
assert_type(_custom.rule_ids, tuple[str, ...])
assert_type(
    _rules.fact_level(pt.Fact(key="a", value=1, provenance="stated", recorded_at=_at)), pt.Level
)
assert_type(_rules.next_wall_time(_at, _dt.time(8), _contact.tz), pendulum.DateTime)
assert_type(
    _rules.DEFAULT_STAGE_TABLE.ceiling(pt.Stage.CUSTOMER, values.Authorship.HUMAN), pt.Level
)
_err: _Denied = _Denied(_decision)
assert_type(_err.decision.decision_id, str)
assert isinstance(_err.decision, pt.Decision)
assert_type(moments.moment_priority(_m, _contact, [], at=_at), float)

# -- disclosures ------------------------------------------------------------------------------
from personal_touch.exceptions import MissingDisclosureError as _MissingDisclosure  # noqa: E402

try:
    _template.render(_contact, _decision)
except _MissingDisclosure as _missing:
    assert_type(_missing.codes, tuple[str, ...])

# -- names renamed in 0.1.0 ------------------------------------------------------------------
assert_type(pt.Medium("video"), pt.Medium)
assert_type(moments.MatchResult("won"), moments.MatchResult)
assert_type(values.GrantScope(fact_keys=["travel"]), values.GrantScope)

# -- triggers: data in, firings out, every firing decided ---------------------------------------
from personal_touch import triggers as _triggers  # noqa: E402

_offer = pt.Message(purpose="marketing", channel="email")
_cart = _triggers.Trigger.abandoned_cart("cart", delay=_dt.timedelta(hours=1), message=_offer)
_listener = _triggers.Listener([_cart])
_fired = _listener.tick(pendulum.datetime(2026, 12, 1, tz="UTC"))
assert_type(_fired, tuple[_triggers.Firing, ...])
for _firing in _fired:
    assert_type(
        _firing.decide(pt.Contact(id="c-1", created_at=_firing.at), consents=()), pt.Decision
    )
assert_type(_listener.state("c-1"), dict[str, Any] | None)

# -- learning from signals ---------------------------------------------------------------------
from personal_touch import listening  # noqa: E402

# -- don't ask again -------------------------------------------------------------------------
_form = listening.Form([listening.Question("apparel.shirt_size", max_age=365, text_id="size")])
assert_type(listening.questions_to_ask(_contact, _form, at=_at), tuple[listening.Question, ...])
assert_type(_form.keys, tuple[str, ...])
assert_type(
    pt.Message(purpose="survey", channel="push", asks=["apparel.shirt_size"]).asks, frozenset[str]
)
assert_type(_template.requirements().asks, frozenset[str])
_fresh = _rules.Freshness(max_age={"*size*": 180}, default=None)
assert_type(_fresh.days("apparel.shirt_size"), int | None)
_asking: pt.Policy = _policy.replacing_rule("dont_ask_again", _rules.DontAskAgain(freshness=_fresh))
# -- relevance and ranking --------------------------------------------------------------------

_ranked = pt.rank(_contact, [_msg, "Books"], like=_msg, at=_at, consents=[_grant])
assert_type(_ranked, listening.Ranked)
assert_type(_ranked.best.score if _ranked.best else 0.5, float)
assert_type(_ranked.offers[0].decision, pt.Decision)
_relevance = _rules.Relevance(strictness=_rules.Strictness.SCORE, deny_below=0.3)
assert_type(_policy.replacing_rule("relevance", _relevance), pt.Policy)
assert_type(_rules.Relevance.score_in(_decision), float | None)
# -- learning from signals ---------------------------------------------------------------------

_signal = pt.Signal(contact_id="c", kind="viewed", at=_at, category="Apparel > T-Shirts")
_learned = pt.learn(_contact, [_signal], at=_at)
assert_type(_learned, listening.Learned)
assert_type(_learned.contact, pt.Contact)
assert_type(_learned.explanations, tuple[str, ...])
_interest = _learned.contact.fact("interests.apparel.t_shirts")
if _interest is not None:
    assert_type(listening.interest_strength(_interest, at=_at), float)
assert_type(listening.sensitive_category("Maternity"), pt.Sensitivity | None)
assert_type(
    listening.ProxyTaxonomy.default().extended({"tarot": "religion"}), listening.ProxyTaxonomy
)
# -- standards and dated privacy signals (issue 14) ----------------------------------------------

_floor = pt.default_policy().with_standard(_rules.Standard.LAW_FLOOR)
assert_type(_floor, pt.Policy)
assert_type(_floor.standard, _rules.Standard)
assert_type(_decision.reasons[0].standard, _rules.Standard | None)
_listing = values.DncListing(registry="uk_tps", listed_at=_at)
_privacy = pt.PrivacySignals(dnc_listings=[_listing], global_privacy_control_seen_at=_at)
assert_type(_privacy.listed_since("uk_tps"), tuple[pendulum.DateTime | None, ...])
assert_type(_privacy.has_global_privacy_control(_at), bool)
