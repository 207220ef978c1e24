"""One example's cost made visible: the network's 10 outputs beside the one-hot target; and
the costs of a whole training set, one histogram stacked by label."""
import numpy as np

from ..i18n import _
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
    ax.bar(j - 0.2, a, width=0.4, color=COLORS["cost"], label=_("output a_j"))
    ax.bar(j + 0.2, y, width=0.4, color=COLORS["target"],
           label=_("target y_j (label {label})").format(label=label))
    for jj in j:
        ax.text(jj, max(a[jj], y[jj]) + 0.03, f"{(a[jj] - y[jj]) ** 2:.2f}", ha="center",
                fontsize=8, color=COLORS["current"])
    ax.set_xticks(j)
    ax.set_xlabel(_("output neuron j (the digit)"))
    ax.set_ylabel(_("activation"))
    ax.set_ylim(0, 1.25)
    cost = float(np.sum((a - y) ** 2))
    ax.set_title(title or _("outputs vs target; numbers: (a_j − y_j)², summing to C₀ = {cost}")
                 .format(cost=f"{cost:.4f}"))
    ax.legend(loc="upper right", fontsize=9, ncol=2)
    return cost


def plot_cost_by_label(ax, per_example, labels, bins=120, title=None, mark_mean=False):
    """A histogram of the per-example costs, stacked by the images' labels: one colour per
    digit, so that the clump each digit forms can be read off.

    per_example : array, shape (m,) — each example's cost C_x; labels : ints, shape (m,).
    title : str, optional — by default "the network's cost on each of the m images, …";
    "" for none. mark_mean : bool — also draw the mean cost C (a dashed line, labelled).
    Returns, for each digit d = 0 … 9 present, its mean cost {d: mean C_x over its images}.
    """
    import matplotlib as mpl
    per_example = np.asarray(per_example, dtype=float).ravel()
    labels = np.asarray(labels).ravel()
    if per_example.shape != labels.shape:
        raise ValueError(f"per_example and labels must have the same shape (m,); got "
                         f"{per_example.shape} and {labels.shape}")
    digits = [d for d in range(10) if np.any(labels == d)]
    colours = mpl.colormaps["tab10"].colors
    # Stacked bars from one set of bin edges; only the non-empty bins are drawn (the clumps
    # are narrow, so that is about a tenth of them, and ten times faster than ax.hist).
    edges = np.histogram_bin_edges(per_example, bins=bins)
    bottom = np.zeros(len(edges) - 1)
    for d in digits:
        counts = np.histogram(per_example[labels == d], bins=edges)[0]
        drawn = counts > 0
        ax.bar(edges[:-1][drawn], counts[drawn], width=np.diff(edges)[drawn],
               bottom=bottom[drawn], align="edge", color=colours[d], label=f"{d}")
        bottom += counts
    means = {d: float(per_example[labels == d].mean()) for d in digits}
    # each clump's digits above it, at their mean cost; clumps closer than 3% of the axis
    # (4 and 7 for the garbage network) share one label, "4 7", instead of overprinting
    lo, hi = ax.get_xlim()
    groups = []
    for d in sorted(digits, key=means.get):
        if groups and means[d] - means[groups[-1][-1]] < 0.03 * (hi - lo):
            groups[-1].append(d)
        else:
            groups.append([d])
    top = ax.get_ylim()[1]
    for g in groups:
        x = np.mean([means[d] for d in g])
        for i, d in enumerate(g):
            ax.annotate(str(d), (x, top), xytext=(9 * (i - (len(g) - 1) / 2), 2),
                        textcoords="offset points", ha="center", va="bottom", fontsize=10,
                        fontweight="bold", color=colours[d], annotation_clip=False)
    if mark_mean:
        mean = float(per_example.mean())
        ax.axvline(mean, color=COLORS["current"], ls="--", lw=1)
        ax.annotate(_("mean C = {mean}").format(mean=f"{mean:.4f}"), (mean, 0.8),
                    xycoords=("data", "axes fraction"), xytext=(6, 0), textcoords="offset points")
    ax.set_xlabel(_("per-example cost C_x"))
    ax.set_ylabel(_("number of training images"))
    if title is None:
        title = _("the network's cost on each of the {m} images,\n"
                  "coloured by the image's label (the digit above each clump)").format(
            m=f"{per_example.size:,}")
    if title:
        ax.set_title(title, pad=18)
    return means
