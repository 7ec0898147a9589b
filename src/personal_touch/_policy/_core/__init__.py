"""
The jurisdiction-neutral core rules, a module for each concern.

Consent (and the opt-outs it checks first), the ceilings on how personal a message may be
(stage, personalization), facts, the person's preferences, honesty, timing, frequency,
dial-back and not asking again for what the person already told us.  Each rule is a small
function of a :class:`~personal_touch.rules.Request` returning outcomes, made a rule by
:func:`~personal_touch.rules.rule` at module level; messages never contain personal data
(keys and codes only, never values).
:mod:`personal_touch._policy._rules` puts them in the order the default policy runs them.
"""
