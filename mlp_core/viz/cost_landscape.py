"""The cost as a function of one parameter, all the others held fixed: a slice through the
13,002-dimensional cost landscape, with the parameter's current value marked."""
import numpy as np

from ..i18n import _
from .style import COLORS

#: The smallest cost span a slice's axis shows, relative to the cost (see plot_cost_slice).
MIN_SPAN = 2e-3


def param_label(kind, l, j, k=None):
    """How the series writes one parameter: ``W[1][3, 406]`` (row j, column k) or ``b[2][5]``."""
    return f"W[{l}][{j}, {k}]" if kind == "W" else f"b[{l}][{j}]"


def plot_cost_slice(ax, values, costs, current, current_cost, label, start=None, title=None,
                    m=None):
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
    title : str, optional
        By default "C as a function of <label> alone"; "" for none.
    m : int, optional
        The number of images the cost is measured over, named in the y axis's label.
    """
    from matplotlib.ticker import MaxNLocator
    ax.plot(values, costs, color=COLORS["cost"], lw=2)
    ax.plot([current], [current_cost], "o", color=COLORS["current"], ms=9, zorder=5, clip_on=False)
    ax.set_xlabel(_("value of {label}").format(label=label))
    ax.set_ylabel(_("cost C over {m} images").format(m=f"{m:,}") if m else _("cost C"))
    ax.set_xlim(values[0], values[-1])
    ax.xaxis.set_major_locator(MaxNLocator(6))       # few ticks: values like −50.25 are wide
    # A flat slice would give a zero-height axis, and a nearly flat one tick labels like
    # 2.9961595 that push the axis label off the figure: show at least a span of 0.2% of the
    # cost, so that ticks need 4 decimals at most (the readout gives the exact cost).
    lo, hi = float(np.min(costs)), float(np.max(costs))
    span = max(1.05 * (hi - lo), MIN_SPAN * max(abs(hi), 1.0))
    mid = (lo + hi) / 2
    ax.set_ylim(mid - span / 2, mid + span / 2)
    ax.yaxis.set_major_locator(MaxNLocator(5, steps=[1, 2, 5, 10]))
    ax.ticklabel_format(axis="y", useOffset=False)   # plain costs, not "1e-5 + 3.0039"
    if hi - lo <= 1e-12 * max(abs(hi), 1.0):
        ax.text(0.5, 0.3, _("flat: C does not change with {label} here").format(label=label),
                transform=ax.transAxes, ha="center", fontsize=9, color=COLORS["neutral"])
    if start is not None and values[0] <= start <= values[-1]:
        # a labelled dashed line rather than a legend, which would cover the curve
        ax.axvline(start, color=COLORS["neutral"], ls="--", lw=1)
        ax.annotate(_("start"), (start, 1.0), xycoords=("data", "axes fraction"),
                    xytext=(3, -12), textcoords="offset points", fontsize=8,
                    color=COLORS["neutral"])
    if title is None:
        title = _("C as a function of {label} alone").format(label=label)
    if title:
        ax.set_title(title)


def plot_pixel_position(ax, X, k, title=None):
    """Where input k is in the 28×28 image: the batch's mean image (grey), the pixel k
    framed in red, and in how many of the batch's images that pixel holds any ink.

    ax : matplotlib Axes; X : array, shape (784, m), the batch (one image a column);
    k : int, 0 … 783, the input neuron (the column of W[1]) chosen.
    Returns (row, column) of the pixel in the image.
    """
    from matplotlib.patches import Rectangle
    X = np.asarray(X, dtype=float)
    side = int(round(np.sqrt(X.shape[0])))
    if X.ndim != 2 or side * side != X.shape[0]:
        raise ValueError(f"X must be (n_0, m) with n_0 a square number of pixels (784); got "
                         f"{X.shape}")
    if not 0 <= k < X.shape[0]:
        raise ValueError(f"k must be a pixel 0 … {X.shape[0] - 1}; got {k!r}")
    row, col = divmod(int(k), side)
    ax.imshow(X.mean(axis=1).reshape(side, side), cmap="gray_r", vmin=0, vmax=1)
    ax.add_patch(Rectangle((col - 1.5, row - 1.5), 3, 3, fill=False, lw=2,
                           ec=COLORS["negative"]))
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    inked = int(np.sum(X[k] > 0))
    ax.set_title(title or _("pixel {k}: row {row}, column {col}").format(k=k, row=row, col=col),
                 fontsize=10)
    ax.set_xlabel(_("inked in {inked} of {m} images\n(grey: the mean image)").format(
        inked=f"{inked:,}", m=f"{X.shape[1]:,}"), fontsize=9)
    return row, col
