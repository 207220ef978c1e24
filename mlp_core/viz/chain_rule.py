"""Drawings of notebook 05 (the chain rule): the one-neuron chain, training curves of
article C's network, and softmax's gradients under two costs."""
import matplotlib.pyplot as plt
import numpy as np

from ..chain_rule import chain_factors, chain_forward, chain_gradient, chain_nudge
from ..i18n import _
from .style import COLORS


def draw_chain(ax, w, b, x, y):
    """The chain x → a1 → … → aL as circles (grey level = activation, as 3Blue1Brown draws
    neurons) joined by edges labelled with their weights; under each neuron its activation
    and its slope σ'(z); the cost, and the three factors of ∂C/∂w_L underneath.
    w, b: shape (L,); x, y: floats."""
    z, a, cost = chain_forward(w, b, x, y)
    L = len(w)
    f = chain_factors(w, b, x, y, L)
    xs = np.arange(L + 1)
    for l in range(1, L + 1):
        colour = COLORS["positive"] if w[l - 1] >= 0 else COLORS["negative"]
        ax.plot([xs[l - 1] + 0.22, xs[l] - 0.22], [0, 0], color=colour,
                lw=1 + 2.5 * min(abs(w[l - 1]), 4) / 4)
        ax.text((xs[l - 1] + xs[l]) / 2, 0.12, f"w{l} = {w[l - 1]:.2f}", ha="center",
                color=colour, fontsize=10)
    for l in range(L + 1):
        shade = float(np.clip(a[l], 0, 1))   # the input x too, if it lies in [0, 1]
        ax.add_patch(plt.Circle((xs[l], 0), 0.2, facecolor=str(shade), edgecolor="black"))
        name = "x" if l == 0 else f"a{l}"
        # every neuron's slope σ'(z) = a(1 − a) under it: a saturated one shows ≈ 0
        slope = "" if l == 0 else f"\nσ'(z{l}) = {a[l] * (1 - a[l]):.3f}"
        ax.text(xs[l], -0.27, f"{name} = {a[l]:.3f}{slope}", ha="center", va="top",
                fontsize=10)
    ax.text(xs[L] + 0.35, 0, f"y = {y:g}\nC = {cost:.4f}", va="center", fontsize=10,
            color=COLORS["cost"])
    ax.text(xs[0], -0.78,
            f"∂C/∂w{L} = a{L - 1} · σ'(z{L}) · 2(a{L} − y) = {f.dz_dw:.3f} · {f.da_dz:.3f}"
            f" · {f.dC_da:.3f} = {f.product:.4f}", fontsize=10, color=COLORS["gradient"])
    ax.set_xlim(-0.4, L + 1.0)
    ax.set_ylim(-0.88, 0.35)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(_("The simplest chain: one neuron per layer"))


def plot_chain_gradients(ax, w, b, x, y):
    """Bars of ∂C/∂w_l for every layer: the chain rule's product next to a finite-difference
    nudge (they should be the same height)."""
    g, g_num = chain_gradient(w, b, x, y), chain_nudge(w, b, x, y)
    idx = np.arange(1, len(w) + 1)
    ax.bar(idx - 0.18, g, width=0.36, color=COLORS["gradient"], label=_("chain rule (product)"))
    ax.bar(idx + 0.18, g_num, width=0.36, color=COLORS["neutral"], label=_("nudge (central diff.)"))
    ax.axhline(0, color="black", lw=0.8)
    ax.set_xticks(idx, [f"w{l}" for l in idx])
    ax.set_ylabel("∂C/∂w")
    ax.set_title(_("Each weight's gradient, two ways"))
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2)


def chain_figure(w, b, x, y):
    """The widget's figure: the chain on the left, the gradient bars on the right."""
    fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(11, 3.4), gridspec_kw=dict(width_ratios=[2.2, 1]))
    draw_chain(ax0, w, b, x, y)
    plot_chain_gradients(ax1, w, b, x, y)
    fig.tight_layout()
    return fig


def plot_training_curves(ax, curves, title, log=True, ylim=None):
    """Loss curves, by default on a log scale. curves: list of (label, losses of shape (T,),
    colour); ylim: optional (bottom, top) to zoom in on the end of training."""
    for label, losses, colour in curves:
        ax.plot(np.arange(len(losses)), losses, color=colour, label=label, lw=1.8)
    if log:
        ax.set_yscale("log")
    if ylim is not None:
        ax.set_ylim(*ylim)
    ax.set_xlabel(_("iteration"))
    ax.set_ylabel(_("loss Σ(y_pred − y)² (log scale)") if log else _("loss Σ(y_pred − y)²"))
    ax.set_title(title)
    ax.legend(fontsize=9)


def _short(x):
    """A learning rate as the notebooks write it: 1e-5 and 1e-4 (not 1e-05 or 0.0001), 0.1, 3."""
    if x == 0 or 1e-3 <= abs(x) < 1e4:
        return f"{x:g}"
    mantissa, exponent = f"{x:.3e}".split("e")
    return f"{mantissa.rstrip('0').rstrip('.')}e{int(exponent)}"


def article_c_figure(run, run_bug, run5, run5_bug, lr, lr5, ylim5=None):
    """Notebook 05's comparison of article C's true and buggy grad_w2: on the left the loss
    curves of the article's network (log scale), on the right those of the same network with
    few hidden neurons (linear scale, ``ylim5`` = (bottom, top) to zoom in).

    run, run_bug, run5, run5_bug : :class:`~mlp_core.two_layer_numpy.Training` — the correct
    and the buggy run of each network; lr, lr5 : their learning rates (floats). The titles'
    sizes are read from the runs' weights. Returns the figure."""
    sizes = f"{run.w1.shape[1]}-{run.w1.shape[0]}-{run.w2.shape[0]}"
    fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(12, 4))
    for ax, (good, bad), title, log, ylim in (
            (ax0, (run, run_bug),
             _("Article C's network, {sizes}, lr {lr}").format(sizes=sizes, lr=_short(lr)),
             True, None),
            (ax1, (run5, run5_bug),
             _("Only {n} hidden neurons, lr {lr} (zoomed in)").format(n=run5.w1.shape[0],
                                                                      lr=_short(lr5)),
             False, ylim5)):
        plot_training_curves(ax, [(_("correct: grad_w2 from σ(h)"), good.losses, COLORS["target"]),
                                  (_("article: grad_w2 from h"), bad.losses, COLORS["negative"])],
                             title, log=log, ylim=ylim)
    fig.tight_layout()
    return fig


def plot_softmax_gradient_sizes(ax, confidence, se_norm, ce_norm):
    """How large the gradient dE/da is when softmax puts probability ``confidence`` on a
    wrong class, for squared error and for cross-entropy. All arrays shape (k,)."""
    ax.semilogy(confidence, se_norm, color=COLORS["cost"], lw=2,
                label=_("softmax + squared error"))
    ax.semilogy(confidence, ce_norm, color=COLORS["gradient"], lw=2,
                label=_("softmax + cross-entropy (o − t)"))
    ax.set_xlabel(_("probability the network gives to the wrong class"))
    ax.set_ylabel(_("‖dE/da‖ (log scale)"))
    ax.set_title(_("The more confidently wrong, the less squared error can push"))
    ax.legend(fontsize=9)
