"""
The private parts of :mod:`personal_touch.dask`: readers and clusters, and the per-record verbs.
"""
