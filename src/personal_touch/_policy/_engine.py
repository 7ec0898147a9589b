"""
Preparing a request and combining rule outcomes into a decision (placeholder).
"""

from __future__ import annotations
