"""One neuron's activation function, drawn with the neuron's current weighted input z."""
import numpy as np

from ..activations import get_activation
from .style import COLORS


def plot_activation(ax, activation, z=None, z_range=(-6.0, 6.0), title=None):
    """Draw a = σ(z) over ``z_range`` and, if z is given, mark the point (z, σ(z)).

    Parameters
    ----------
    ax : matplotlib Axes
    activation : str or Activation
        ``"sigmoid"``, ``"tanh"``, ``"relu"`` or ``"identity"`` (elementwise ones only).
    z : float, optional
        The neuron's weighted input. A z outside ``z_range`` is marked at the edge of the
        plot with an arrow and its value, so the marker never leaves the picture.
    z_range : (float, float)

    Returns
    -------
    float or None
        σ(z), the activation marked (None if z is None).
    """
    act = get_activation(activation)
    if act.derivative is None:
        raise ValueError(f"plot_activation draws an elementwise σ; {act.name!r} is not one")
    lo, hi = z_range
    zs = np.linspace(lo, hi, 301).reshape(1, -1)
    ax.plot(zs[0], act.f(zs)[0], color=COLORS["neutral"], lw=2)
    ax.axhline(0, color="#555555", lw=0.8)
    ax.axvline(0, color="#555555", lw=0.8)
    ax.set_xlabel("weighted input z")
    ax.set_ylabel("activation a = σ(z)")
    ax.set_title(title or f"{act.name}: a = {act.formula}")
    a = None
    if z is not None:
        a = float(act.f(np.array([[float(z)]]))[0, 0])
        z_shown = float(np.clip(z, lo, hi))
        # Off the plot, the marker sits on the curve at the edge; the label gives the truth.
        a_shown = a if z_shown == z else float(act.f(np.array([[z_shown]]))[0, 0])
        ax.plot([z_shown], [a_shown], "o", color=COLORS["current"], ms=9, zorder=5)
        ax.vlines(z_shown, min(0.0, a_shown), a_shown, color=COLORS["current"], ls=":", lw=1)
        label = f"this neuron:\nz = {z:.3g}, a = {a:.3g}"
        if z_shown != z:
            label += "\n(z is off the plot)"
        # the label goes to an empty corner: upper left for z > 0 (and for ReLU), else lower right
        where = (0.04, 0.72) if (z > 0 or act.name == "relu") else (0.55, 0.08)
        ax.annotate(label, (z_shown, a_shown), xytext=where, textcoords="axes fraction",
                    fontsize=9, arrowprops=dict(arrowstyle="->", color=COLORS["current"]),
                    bbox=dict(boxstyle="round", fc="white", ec="#bbbbbb"))
    return a
