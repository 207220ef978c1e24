"""One example's cost made visible: the network's 10 outputs beside the one-hot target."""
import numpy as np

from .style import COLORS


def plot_output_vs_target(ax, a, label, title=None):
    """Bars of the outputs a_j (purple) beside the target y_j (green, 1 at ``label``), with
    each squared difference (a_j − y_j)² written above its pair.

    a : array, shape (n,) or (n, 1) — one example's outputs; label : int.
    Returns the per-example cost Σ_j (a_j − y_j)² (3Blue1Brown's).
    """
    a = np.asarray(a, dtype=float).ravel()
    if not (isinstance(label, (int, np.integer)) and 0 <= label < a.size):
        raise ValueError(f"label must be a whole number 0 … {a.size - 1}; got {label!r}")
    y = np.zeros_like(a)
    y[label] = 1.0
    j = np.arange(a.size)
    ax.bar(j - 0.2, a, width=0.4, color=COLORS["cost"], label="output a_j")
    ax.bar(j + 0.2, y, width=0.4, color=COLORS["target"], label=f"target y_j (label {label})")
    for jj in j:
        ax.text(jj, max(a[jj], y[jj]) + 0.03, f"{(a[jj] - y[jj]) ** 2:.2f}", ha="center",
                fontsize=8, color=COLORS["current"])
    ax.set_xticks(j)
    ax.set_xlabel("output neuron j (the digit)")
    ax.set_ylabel("activation")
    ax.set_ylim(0, 1.25)
    cost = float(np.sum((a - y) ** 2))
    ax.set_title(title or f"outputs vs target; numbers: (a_j − y_j)², summing to C₀ = {cost:.4f}")
    ax.legend(loc="upper right", fontsize=9, ncol=2)
    return cost
