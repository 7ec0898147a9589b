"""
Moments that matter, gestures, follow-ups and the attention planner (private).

The public names are re-exported by ``personal_touch``.
"""
