"""
Experiments: assignment, exposures, outcomes, statistics and guardrails (private parts).
"""
