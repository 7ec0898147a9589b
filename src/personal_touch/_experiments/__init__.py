"""
Experiments: assignment, consent-aware arms, holdouts, bandits and their analysis.
"""
