"""One neuron's activation function, drawn with the neuron's current weighted input z."""
import numpy as np

from ..activations import get_activation
from ..i18n import _
from .style import COLORS


def z_window(z, half_width=6.0):
    """The z range to draw so that the neuron's z is on the plot, away from its edges:
    (−half_width, half_width) while |z| ≤ half_width − 1, else (−R, R) with R the next
    multiple of 5 above |z| + 1.5 (the neuron widget's sliders reach |z| = 30).

    Returns (float, float).
    """
    z = abs(float(z))
    if not np.isfinite(z):
        raise ValueError(f"z must be a finite number; got {z}")
    if z <= half_width - 1:
        return (-half_width, half_width)
    R = 5.0 * np.ceil((z + 1.5) / 5.0)
    return (-R, R)


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
    ax.set_xlabel(_("weighted input z"))
    ax.set_ylabel(_("activation a = σ(z)"))
    ax.set_title(title or f"{act.name}: a = {act.formula}")
    a = None
    if z is not None:
        a = float(act.f(np.array([[float(z)]]))[0, 0])
        z_shown = float(np.clip(z, lo, hi))
        # Off the plot, the marker sits on the curve at the edge; the label gives the truth.
        a_shown = a if z_shown == z else float(act.f(np.array([[z_shown]]))[0, 0])
        ax.plot([z_shown], [a_shown], "o", color=COLORS["current"], ms=9, zorder=5)
        ax.vlines(z_shown, min(0.0, a_shown), a_shown, color=COLORS["current"], ls=":", lw=1)
        label = _("this neuron:\nz = {z}, a = {a}").format(z=f"{z:.3g}", a=f"{a:.3g}")
        if z_shown != z:
            label += "\n" + _("(z is off the plot)")
        # the label goes to an empty corner: upper left for z > 0 (and for ReLU), else lower right
        where = (0.04, 0.72) if (z > 0 or act.name == "relu") else (0.55, 0.08)
        ax.annotate(label, (z_shown, a_shown), xytext=where, textcoords="axes fraction",
                    fontsize=9, arrowprops=dict(arrowstyle="->", color=COLORS["current"]),
                    bbox=dict(boxstyle="round", fc="white", ec="#bbbbbb"))
    return a


def plot_slopes(ax, names=("sigmoid", "tanh", "relu"), z_range=(-6.0, 6.0)):
    """Draw the slope σ'(z) of each activation in ``names`` over ``z_range``, on one axes.

    The slope is how much a neuron's output moves per unit of z: the factor by which a
    neuron passes on a small change of its input (and, in backpropagation, a gradient).
    Returns {name: the largest slope drawn}.
    """
    from .style import COLORS
    colours = {"sigmoid": COLORS["positive"], "tanh": COLORS["cost"], "relu": COLORS["gradient"]}
    zs = np.linspace(*z_range, 601).reshape(1, -1)
    top = {}
    for name in names:
        act = get_activation(name)
        if act.derivative is None:
            raise ValueError(f"plot_slopes draws elementwise activations; {act.name!r} is not one")
        d = act.derivative(zs, act.f(zs))[0]
        ax.plot(zs[0], d, lw=2, color=colours.get(name, COLORS["neutral"]), label=f"{name}'(z)")
        top[name] = float(d.max())
    ax.axhline(0.25, color="#777777", lw=0.8, ls=":")
    ax.set_xlabel(_("weighted input z"))
    ax.set_ylabel(_("slope σ'(z)"))
    ax.set_title(_("how much a moves per unit of z"))
    ax.legend(loc="upper left", fontsize=9)
    return top
