"""Drawings of notebook 05 (the chain rule): the one-neuron chain, training curves of
article C's network, and softmax's gradients under two costs."""
import matplotlib.pyplot as plt
import numpy as np

from ..chain_rule import chain_factors, chain_forward, chain_gradient, chain_nudge
from .style import COLORS


def draw_chain(ax, w, b, x, y):
    """The chain x → a1 → … → aL as circles (grey level = activation, as 3Blue1Brown draws
    neurons) joined by edges labelled with their weights; the cost and the three factors of
    ∂C/∂w_L are written underneath. w, b: shape (L,); x, y: floats."""
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
        ax.text(xs[l], -0.34, f"{name} = {a[l]:.3f}", ha="center", fontsize=10)
    ax.text(xs[L] + 0.35, 0, f"y = {y:g}\nC = {cost:.4f}", va="center", fontsize=10,
            color=COLORS["cost"])
    ax.text(xs[0], -0.62,
            f"∂C/∂w{L} = a{L - 1} · σ'(z{L}) · 2(a{L} − y) = {f.dz_dw:.3f} · {f.da_dz:.3f}"
            f" · {f.dC_da:.3f} = {f.product:.4f}", fontsize=10, color=COLORS["gradient"])
    ax.set_xlim(-0.4, L + 1.0)
    ax.set_ylim(-0.75, 0.35)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title("The simplest chain: one neuron per layer")


def plot_chain_gradients(ax, w, b, x, y):
    """Bars of ∂C/∂w_l for every layer: the chain rule's product next to a finite-difference
    nudge (they should be the same height)."""
    g, g_num = chain_gradient(w, b, x, y), chain_nudge(w, b, x, y)
    idx = np.arange(1, len(w) + 1)
    ax.bar(idx - 0.18, g, width=0.36, color=COLORS["gradient"], label="chain rule (product)")
    ax.bar(idx + 0.18, g_num, width=0.36, color=COLORS["neutral"], label="nudge (central diff.)")
    ax.axhline(0, color="black", lw=0.8)
    ax.set_xticks(idx, [f"w{l}" for l in idx])
    ax.set_ylabel("∂C/∂w")
    ax.set_title("Each weight's gradient, two ways")
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
    ax.set_xlabel("iteration")
    ax.set_ylabel("loss Σ(y_pred − y)²" + (" (log scale)" if log else ""))
    ax.set_title(title)
    ax.legend(fontsize=9)


def plot_softmax_gradient_sizes(ax, confidence, se_norm, ce_norm):
    """How large the gradient dE/da is when softmax puts probability ``confidence`` on a
    wrong class, for squared error and for cross-entropy. All arrays shape (k,)."""
    ax.semilogy(confidence, se_norm, color=COLORS["cost"], lw=2, label="softmax + squared error")
    ax.semilogy(confidence, ce_norm, color=COLORS["gradient"], lw=2,
                label="softmax + cross-entropy (o − t)")
    ax.set_xlabel("probability the network gives to the wrong class")
    ax.set_ylabel("‖dE/da‖ (log scale)")
    ax.set_title("The more confidently wrong, the less squared error can push")
    ax.legend(fontsize=9)
