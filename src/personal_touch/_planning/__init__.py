"""
The attention planner (private): from moments to briefs, automated gestures and skips.

Each gesture is decided by the policy engine.

It sits downstream of :func:`~personal_touch.decide` and of moment detection
(:mod:`personal_touch._moments`); nothing below it imports it.  The package itself imports
nothing, so reading a :class:`~._team.Writer` does not load the policy engine; the public
names are re-exported by ``personal_touch`` and ``personal_touch.moments``.
"""
