"""
Moment detection (private): moments that matter, the gestures they invite, and follow-ups.

Detection reads contacts, their history and external events, never a decision: the planner
that acts on moments lives downstream, in :mod:`personal_touch._planning`.  The public names
are re-exported by ``personal_touch`` and ``personal_touch.moments``.
"""
