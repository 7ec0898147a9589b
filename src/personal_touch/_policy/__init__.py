"""
The policy engine: rules, packs and the one function that combines them.
"""
