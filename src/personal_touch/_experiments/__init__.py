"""
Experiments, privately: assignment (hashing, bucket ranges, sticky assignments) and experiments.

The public names are re-exported by :mod:`personal_touch.experiments`.
"""
