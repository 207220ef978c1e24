"""The central widget of the series: pick any one of the 13,002 weights and biases, move it,
and watch the cost over a fixed batch respond.

The cost is a function of every parameter at once. Moving one parameter, all the others held
fixed, traces a *slice* of that function: a curve C(v). :class:`ParamSlice` computes points of
that curve quickly; :class:`CostExplorer` puts it on sliders.

The readout text is :func:`cost_readout`; the cost it shows equals ``explorer.net.cost(X, Y)``
(the widget's own copy of the network, with the slider's value set in it).
"""

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from ..i18n import _
from ..viz.cost_landscape import param_label, plot_cost_slice, plot_pixel_position
from .figure_output import one_at_a_time, show_in




class ParamSlice:
    """The cost over a batch as a function of one parameter of ``net``, others fixed.

    Moving W[l][j, k] (or b[l][j]) changes only row j of z[l]:
    z[l][j] = (W[l][j] · a[l−1]) + b[l][j], so the change is (v − v₀)·a[l−1][k] (or v − v₀).
    The layers before l are untouched, so their activations are computed once here and
    only layers l … L are recomputed for each value — that is what makes the slider fast.

    Parameters
    ----------
    net : Network (read at construction; later changes to net are not seen)
    X : array, shape (n_0, m)
    Y : array, shape (n_L, m), or class numbers of shape (m,)
    kind, l, j, k : which parameter (see ``Network.get_param``)
    """

    def __init__(self, net, X, Y, kind, l, j, k=None):
        self.v0 = net.get_param(kind, l, j, k)          # validates kind, l, j, k
        X = net.check_input(X)
        self.Y = net.targets(Y, X.shape[1])
        self.net, self.kind, self.l, self.j, self.k = net, kind, l, j, k
        self.m = X.shape[1]
        fp = net.forward(X)
        self.z_l = fp.z[l]                                  # (n_l, m) at v = v0
        # how z[l][j] moves per unit change of the parameter: a[l−1][k] for a weight, 1 for a bias
        self.dz_dv = fp.a[l - 1][k] if kind == "W" else np.ones(self.m)   # (m,)
        # keep the layers after l as they are now
        self.W = [None if w is None else w.copy() for w in net.W]
        self.b = [None if c is None else c.copy() for c in net.b]

    def costs_at(self, values):
        """C at each value of the parameter.

        values : array-like, shape (p,), finite. Returns an array of shape (p,).
        """
        values = np.asarray(values, dtype=float).ravel()
        if not np.all(np.isfinite(values)):
            raise ValueError("parameter values must be finite numbers")
        # in chunks of 32 values: one (p, n_l, m) block for 401 values would not fit in the
        # processor's cache and runs ten times slower
        return np.concatenate([self._costs(values[i:i + 32]) for i in range(0, len(values), 32)])

    def _costs(self, values):
        net, L = self.net, self.net.L
        Z = np.repeat(self.z_l[None], len(values), axis=0)           # (p, n_l, m)
        Z[:, self.j, :] += (values - self.v0)[:, None] * self.dz_dv[None, :]
        for l in range(self.l, L + 1):
            sigma = net.sigma(l)
            if sigma.name == "softmax":
                A = np.stack([sigma.f(z) for z in Z])
            else:
                A = sigma.f(Z)
            if l < L:
                Z = self.W[l + 1] @ A + self.b[l + 1]                   # (p, n_{l+1}, m)
        return np.array([net.cost_fn.f(a, self.Y) for a in A])

    def cost_at(self, value):
        """C at one value of the parameter (a float)."""
        return float(self.costs_at([value])[0])


def cost_readout(label, value, cost, start_cost, m):
    """The readout text of :class:`CostExplorer`:
    ``"W[1][0, 406] = 0.7000  →  cost C = 1.234567 over 1,000 images (start 1.230000,
    change +0.004567)"``: the value to 4 decimals, costs to 6, the change signed to 6."""
    if not np.isfinite(cost):
        return _("{label} = {value}  →  the cost is not a finite number here "
                 "(the network's outputs overflowed); move the slider back").format(
            label=label, value=f"{value:.4f}")
    return _("{label} = {value}  →  cost C = {cost} over {m} images "
             "(start {start}, change {change})").format(
        label=label, value=f"{value:.4f}", cost=f"{cost:.6f}", m=f"{m:,}",
        start=f"{start_cost:.6f}", change=f"{cost - start_cost:+.6f}")


class CostExplorer:
    """Choose one weight or bias, move it, see the cost over a fixed batch.

    Parameters
    ----------
    net : Network
        Copied: the widget moves parameters of its own copy ``self.net``; ``net`` is unchanged.
    X : array, shape (n_0, m);  Y : class numbers (m,) or targets (n_L, m)
        The fixed batch over which the cost is measured.
    kind, l, j, k : the parameter selected first.
    limit : float
        The value slider runs from −limit to +limit (default ±50).
    zoom : float
        The right-hand plot shows C over [v − zoom, v + zoom] around the current value v.
    draw : bool
        Draw the plots (tests may switch this off to check the readout alone).

    Widgets (CSS classes): ``kind`` Dropdown (``mlp-control-kind``), ``layer`` Dropdown
    (``mlp-control-layer``), ``row`` and ``col`` IntSliders (``mlp-control-row``,
    ``mlp-control-col``; col is disabled for a bias), ``value`` FloatSlider
    (``mlp-control-value``), ``reset`` Button (``mlp-control-reset``: every parameter back
    to its start), ``readout`` HTML (``mlp-readout``, text = :func:`cost_readout` of
    ``param_label(...)``, the value, ``self.net.cost(X, Y)``, the start cost and m),
    ``plot`` Output (``mlp-plot``: the whole slice and a zoom around the value; for a weight
    W[1][j, k] of a network whose inputs are a square image, a third panel marks pixel k in
    the batch's mean image, see :meth:`shows_pixel`), ``box`` (``mlp-main mlp-main-02``).
    Parameters moved stay moved when another one is selected (the cost depends on all of
    them at once); ``reset`` undoes every move.
    """

    def __init__(self, net, X, Y, kind="W", l=None, j=0, k=0, limit=50.0, zoom=1.0, draw=True):
        self.start_net = net.copy()
        self.net = net.copy()
        self.X = net.check_input(X)
        self.Y = net.targets(Y, self.X.shape[1])
        self.m = self.X.shape[1]
        self.start_cost = self.net.cost(self.X, self.Y)
        self.limit, self.zoom, self.draw = float(limit), float(zoom), draw
        l = net.L if l is None else l
        net.get_param(kind, l, j, k if kind == "W" else None)   # a clear error for a bad choice

        self.kind = widgets.Dropdown(options=[(_("weight W"), "W"), (_("bias b"), "b")],
                                     value=kind, description=_("parameter"))
        self.layer = widgets.Dropdown(options=list(range(1, net.L + 1)), value=l,
                                      description=_("layer l"))
        self.row = widgets.IntSlider(value=j, min=0, max=net.sizes[l] - 1,
                                     description=_("row j"))
        self.col = widgets.IntSlider(value=k, min=0, max=net.sizes[l - 1] - 1,
                                     description=_("column k"))
        self.value = widgets.FloatSlider(min=-self.limit, max=self.limit, step=0.01,
                                         description=_("value"), readout_format=".2f",
                                         layout=widgets.Layout(width="520px"))
        self.reset = widgets.Button(description=_("reset all parameters"),
                                    layout=widgets.Layout(width="auto"))  # the whole label
        for w, name in [(self.kind, "kind"), (self.layer, "layer"), (self.row, "row"),
                        (self.col, "col"), (self.value, "value"), (self.reset, "reset")]:
            w.add_class(f"mlp-control-{name}")
        self.readout = widgets.HTML()
        self.readout.add_class("mlp-readout")
        self.plot = widgets.Output()
        self.plot.add_class("mlp-plot")
        self.box = widgets.VBox([widgets.HBox([self.kind, self.layer]),
                                 widgets.HBox([self.row, self.col]),
                                 widgets.HBox([self.value, self.reset]),
                                 self.readout, self.plot])
        self.box.add_class("mlp-main")
        self.box.add_class("mlp-main-02")

        self._busy = False
        for w in (self.kind, self.layer, self.row, self.col):
            w.observe(self._on_select, names="value")
        self.value.observe(self._on_value, names="value")
        self.reset.on_click(self._on_reset)
        self._on_select()

    # -- what is selected -----------------------------------------------------------------
    def selection(self):
        """(kind, l, j, k) of the selected parameter; k is None for a bias."""
        kind = self.kind.value
        return kind, self.layer.value, self.row.value, (self.col.value if kind == "W" else None)

    def label(self):
        return param_label(*self.selection())

    def current_cost(self):
        """The cost over the batch with every parameter as the widget has set it."""
        return self._slice.cost_at(self.net.get_param(*self.selection()))

    # -- callbacks --------------------------------------------------------------------------
    @one_at_a_time
    def _on_select(self, change=None):
        if self._busy:
            return
        self._busy = True
        try:
            l = self.layer.value
            # the row and column ranges follow the chosen layer's shape (n_l, n_{l−1})
            self.row.max = self.net.sizes[l] - 1
            self.col.max = self.net.sizes[l - 1] - 1
            self.col.disabled = self.kind.value == "b"
            kind, l, j, k = self.selection()
            self._slice = ParamSlice(self.net, self.X, self.Y, kind, l, j, k)
            v = self._slice.v0
            # the full-range curve depends only on which parameter is chosen: compute it once
            lo, hi = min(-self.limit, v), max(self.limit, v)
            self._values = np.linspace(lo, hi, 201)
            self._costs = self._slice.costs_at(self._values)
            self.value.value = float(np.clip(v, -self.limit, self.limit))
        except Exception as e:   # never a traceback in the widget
            self.readout.value = _("cannot select this parameter: {error}").format(error=e)
            return
        finally:
            self._busy = False
        self._show(v)

    @one_at_a_time
    def _on_value(self, change):
        if self._busy:
            return
        self.set_value(change["new"])

    @one_at_a_time
    def _on_reset(self, button=None):
        self.net = self.start_net.copy()
        self._on_select()

    @one_at_a_time
    def set_value(self, v):
        """Set the selected parameter to v (any finite number), update readout and plot."""
        try:
            self.net.set_param(*self.selection(), value=float(v))
        except Exception as e:
            self.readout.value = _("cannot set {label} to {value}: {error}").format(
                label=self.label(), value=repr(v), error=e)
            return
        self._show(float(v))

    def _show(self, v):
        cost = self._slice.cost_at(v)
        self.readout.value = cost_readout(self.label(), v, cost, self.start_cost, self.m)
        if self.draw:
            self.redraw(v, cost)

    def shows_pixel(self):
        """True when the selected parameter is a first-layer weight W[1][j, k] of a network
        whose inputs are the pixels of a square image: the plot then also shows pixel k."""
        side = int(round(np.sqrt(self.net.sizes[0])))
        return (self.kind.value == "W" and self.layer.value == 1
                and side * side == self.net.sizes[0])

    def redraw(self, v, cost):
        """Draw the whole-range slice and a zoom around v into ``self.plot`` (and, for a
        W[1] weight, where its pixel is in the image)."""
        label = self.label()
        start = self.start_net.get_param(*self.selection())   # the value before any move
        if self.shows_pixel():
            fig, (ax1, ax2, ax3) = plt.subplots(1, 3, figsize=(11, 3.8),
                                                gridspec_kw=dict(width_ratios=[1, 1, 0.5]))
            plot_pixel_position(ax3, self.X, self.col.value)
        else:
            fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 3.8))
        plot_cost_slice(ax1, self._values, self._costs, v, cost, label, start=start, m=self.m,
                        title=_("C as a function of {label} alone\n"
                                "(the other {n} parameters fixed)").format(
                            label=label, n=f"{self.net.n_params - 1:,}"))
        zv = np.linspace(v - self.zoom, v + self.zoom, 81)
        plot_cost_slice(ax2, zv, self._slice.costs_at(zv), v, cost, label, start=start,
                        title=_("zoom: {label} within ±{zoom} of now").format(
                            label=label, zoom=f"{self.zoom:g}"))
        # fixed margins: tight_layout would cost as much as the drawing itself, on every move
        fig.subplots_adjust(left=0.08, right=0.98, bottom=0.14, top=0.84,
                            wspace=0.36 if self.shows_pixel() else 0.28)
        show_in(self.plot, fig)

    def _ipython_display_(self):
        from IPython.display import display
        display(self.box)
