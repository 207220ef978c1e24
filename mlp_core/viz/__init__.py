"""Matplotlib drawings of the series (imported explicitly: ``import mlp_core.viz``).

Every figure uses the colours of :mod:`mlp_core.viz.style`, so that a positive weight, the
cost, the gradient or a target look the same in every notebook.
"""
from .style import COLORS, apply_style

__all__ = ["COLORS", "apply_style"]
