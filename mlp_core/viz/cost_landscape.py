"""The cost as a function of one parameter, all the others held fixed: a slice through the
13,002-dimensional cost landscape, with the parameter's current value marked."""
import numpy as np

from .style import COLORS


def param_label(kind, l, j, k=None):
    """How the series writes one parameter: ``W[1][3, 406]`` (row j, column k) or ``b[2][5]``."""
    return f"W[{l}][{j}, {k}]" if kind == "W" else f"b[{l}][{j}]"


def plot_cost_slice(ax, values, costs, current, current_cost, label, start=None, title=None):
    """Draw C(v) for the values v of one parameter and mark the current point.

    Parameters
    ----------
    ax : matplotlib Axes
    values, costs : arrays, shape (p,)
        The parameter values and the cost at each (see
        :meth:`mlp_core.widgets.cost_explorer.ParamSlice.costs_at`).
    current, current_cost : floats
        The parameter's current value and the cost there (the marker).
    label : str
        The parameter's name, e.g. ``"W[1][3, 406]"``.
    start : float, optional
        The value the parameter started from (a dashed line).
    """
    from matplotlib.ticker import MaxNLocator
    ax.plot(values, costs, color=COLORS["cost"], lw=2)
    ax.plot([current], [current_cost], "o", color=COLORS["current"], ms=9, zorder=5, clip_on=False)
    ax.set_xlabel(f"value of {label}")
    ax.set_ylabel("cost C")
    ax.set_xlim(values[0], values[-1])
    ax.xaxis.set_major_locator(MaxNLocator(6))       # few ticks: values like −50.25 are wide
    # a flat slice would give a zero-height axis: give it a visible range
    lo, hi = float(np.min(costs)), float(np.max(costs))
    pad = max(0.05 * (hi - lo), 1e-6 * max(abs(hi), 1.0))
    ax.set_ylim(lo - pad, hi + pad)
    ax.ticklabel_format(axis="y", useOffset=False)   # plain costs, not "1e-5 + 3.0039"
    if start is not None and values[0] <= start <= values[-1]:
        # a labelled dashed line rather than a legend, which would cover the curve
        ax.axvline(start, color=COLORS["neutral"], ls="--", lw=1)
        ax.annotate("start", (start, 1.0), xycoords=("data", "axes fraction"),
                    xytext=(3, -12), textcoords="offset points", fontsize=8,
                    color=COLORS["neutral"])
    if title:
        ax.set_title(title)
