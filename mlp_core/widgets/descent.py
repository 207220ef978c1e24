"""Widgets of notebook 03 (gradient descent): the learning-rate explorer, the careful
walker beside the drunk man, and a live cost curve for a training run.

Every callback is a plain method: a test sets ``slider.value`` (or calls ``click()`` on a
button) and reads ``readout.value``, with no browser.
"""

import ipywidgets as widgets
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from .. import descent as D
from ..i18n import _
from ..viz import descent as V
from .figure_output import one_at_a_time, show_in



#: The learning rates the slider offers: 1, 2, 3, 5 in each decade from 0.001 to 10, so that
#: the values the notebook asks for (0.003, 0.1, 0.5, 1) are exactly on it.
ETA_CHOICES = tuple(float(f"{m}e{e}") for e in range(-3, 1) for m in (1, 2, 3, 5)) + (10.0,)
ETA_MIN, ETA_MAX = ETA_CHOICES[0], ETA_CHOICES[-1]
MAX_STEPS = 50
# Fixed figure margins: a redraw then renders the figure once, not twice as tight_layout does.
MARGINS_1D = dict(left=0.08, right=0.98, bottom=0.12, top=0.91)
MARGINS_WALKERS = dict(left=0.06, right=0.99, bottom=0.11, top=0.87, wspace=0.06)


class LearningRateExplorer:
    """A ball on the cost curve of :func:`mlp_core.descent.cost_1d`: choose the learning
    rate η, the start and the number of steps; see where gradient descent takes the ball.

    CSS classes (for browser tests)
    -------------------------------
    ``box``       ``mlp-main mlp-main-03``
    ``eta``       ``mlp-control-eta``   a selection slider over ``ETA_CHOICES``: η from 0.001
                  to 10 in steps 1, 2, 3, 5 of each decade
    ``steps``     ``mlp-control-steps`` 0 … 50 steps
    ``start``     ``mlp-control-start`` the starting w, −2.5 … 2.5
    ``step_button`` ``mlp-control-step`` one more step (adds 1 to ``steps``)
    ``reset_button`` ``mlp-control-reset`` back to 0 steps
    ``readout``   ``mlp-readout``  its text is exactly
                  ``mlp_core.descent.describe_descent_1d(eta.value, steps.value, start.value)``
                  (a click on *take one step* at the maximum of 50 steps appends
                  ``" (at most 50 steps here)"``)
    ``plot``      ``mlp-plot``     an Output widget holding the figure

    A huge η never raises: the readout says the descent diverged, and the figure says the
    ball flew out of the picture.
    """

    def __init__(self, eta=0.1, steps=10, start=D.W0_1D):
        style = {"description_width": "initial"}
        if eta not in ETA_CHOICES:
            raise ValueError(f"eta must be one of the slider's values {ETA_CHOICES}; got {eta!r}")
        self.eta = widgets.SelectionSlider(options=[(f"{v:g}", v) for v in ETA_CHOICES],
                                           value=eta, description=_("learning rate η"),
                                           style=style, continuous_update=True,
                                           layout=widgets.Layout(width="360px"))
        self.steps = widgets.IntSlider(value=steps, min=0, max=MAX_STEPS,
                                       description=_("steps"), style=style)
        self.start = widgets.FloatSlider(value=start, min=-2.5, max=2.5, step=0.05,
                                         description=_("start w₀"), style=style)
        self.step_button = widgets.Button(description=_("take one step"), icon="arrow-down")
        self.reset_button = widgets.Button(description=_("back to the start"), icon="undo")
        self.readout = widgets.HTML()
        self.plot = widgets.Output()
        for w, name in ((self.eta, "eta"), (self.steps, "steps"), (self.start, "start"),
                        (self.step_button, "step"), (self.reset_button, "reset")):
            w.add_class(f"mlp-control-{name}")
        self.readout.add_class("mlp-readout")
        self.plot.add_class("mlp-plot")
        self.box = widgets.VBox([
            widgets.HBox([self.eta, self.steps, self.start]),
            widgets.HBox([self.step_button, self.reset_button]),
            self.readout, self.plot])
        self.box.add_class("mlp-main")
        self.box.add_class("mlp-main-03")
        for w in (self.eta, self.steps, self.start):
            w.observe(self.update, names="value")
        self.step_button.on_click(self.one_more_step)
        self.reset_button.on_click(self.reset)
        self.update()

    def one_more_step(self, change=None):
        """Add one step (up to the slider's maximum, where the readout says so)."""
        if self.steps.value < self.steps.max:
            self.steps.value += 1      # the observer redraws
        else:
            self.readout.value = (D.describe_descent_1d(self.eta.value, self.steps.value,
                                                        self.start.value)
                                  + _(" (at most {n} steps here)").format(n=self.steps.max))

    def reset(self, change=None):
        """Back to 0 steps: the ball returns to the start."""
        self.steps.value = 0

    @one_at_a_time
    def update(self, change=None):
        """Recompute the readout (cheap), then redraw the figure."""
        self.readout.value = D.describe_descent_1d(self.eta.value, self.steps.value,
                                                   self.start.value)
        path = D.descend(D.cost_1d, D.grad_1d, self.start.value, self.eta.value,
                         self.steps.value)
        fig, ax = plt.subplots(figsize=(8, 4.2))
        V.plot_descent_1d(ax, path, self.eta.value)
        fig.subplots_adjust(**MARGINS_1D)   # fixed margins: tight_layout would draw twice
        show_in(self.plot, fig)


def learning_rate_explorer(**kwargs):
    """Build a :class:`LearningRateExplorer`; display its ``.box``."""
    return LearningRateExplorer(**kwargs)


#: The drunk man's minibatch sizes on the slider (those below n, then n itself).
BATCH_SIZES = (1, 2, 5, 10, 20, 50, 100, 200, 400, 800)


def describe_walkers(full, mini, batch_size, n):
    """The readout of :class:`WalkerComparison`: both walkers' cost after their steps, and
    how many images each had to look at.

    full, mini : DescentPaths from :func:`mlp_core.descent.neuron_path`.
    """
    k = full.steps
    return _("after {k} steps — careful walker: cost {full_cost}, having looked at {full_seen} "
             "images; drunk man (minibatches of {batch_size}): cost {mini_cost}, having looked "
             "at {mini_seen} images").format(
        k=k, full_cost=f"{full.cost[-1]:.4f}", full_seen=f"{k * n:,}", batch_size=batch_size,
        mini_cost=f"{mini.cost[-1]:.4f}", mini_seen=f"{k * batch_size:,}")


class WalkerComparison:
    """Full-batch gradient descent (the careful walker) beside minibatch SGD (the drunk
    man) on the one-neuron "is it a 0?" model, with a slider for the drunk man's batch size.

    CSS classes: ``box`` ``mlp-walkers-03``; ``batch_size`` ``mlp-control-batch-size``;
    ``readout`` ``mlp-readout`` whose text is exactly
    ``describe_walkers(full, mini, batch_size.value, n)`` with the paths of
    ``mlp_core.descent.neuron_path(x, y, w0, b0, eta, steps)`` and the same with
    ``batch_size=batch_size.value, seed=seed``; ``plot`` ``mlp-plot``.

    x, y : arrays of shape (1, n) from :func:`mlp_core.descent.zero_or_one`.
    """

    def __init__(self, x, y, w0=-2.0, b0=4.0, eta=5.0, steps=150, batch_size=1, seed=0):
        self.x, self.y, self.n = x, y, x.shape[1]
        self.w0, self.b0, self.eta, self.n_steps, self.seed = w0, b0, eta, steps, seed
        self.w_grid, self.b_grid = V.neuron_grid()
        self.C = D.neuron_cost_grid(x, y, self.w_grid, self.b_grid)
        # The careful walker does not depend on the slider: compute its path once.
        self.full = D.neuron_path(x, y, w0, b0, eta, steps)
        # The last option is the full batch: then the drunk man *is* the careful walker.
        sizes = [m for m in BATCH_SIZES if m < self.n] + [self.n]
        self.batch_size = widgets.SelectionSlider(
            options=sizes, value=batch_size if batch_size in sizes else sizes[0],
            description=_("drunk man's batch size"), style={"description_width": "initial"},
            layout=widgets.Layout(width="480px"))
        self.batch_size.add_class("mlp-control-batch-size")
        self.readout = widgets.HTML()
        self.readout.add_class("mlp-readout")
        self.plot = widgets.Output()
        self.plot.add_class("mlp-plot")
        self.box = widgets.VBox([self.batch_size, self.readout, self.plot])
        self.box.add_class("mlp-walkers-03")
        # One figure for the widget's life (not managed by pyplot, so closing it after each
        # showing keeps it usable): a batch-size change replaces only the drunk man's path,
        # so the contours are not computed again.
        self.fig = Figure(figsize=(10, 4.3))
        self.axes = self.fig.subplots(1, 2, sharey=True)
        self.fig.subplots_adjust(**MARGINS_WALKERS)
        self._drunk = None
        self.batch_size.observe(self.update, names="value")
        self.update()

    @one_at_a_time
    def update(self, change=None):
        """Recompute the drunk man's path and the readout; redraw his panel only."""
        m = self.batch_size.value
        mini = D.neuron_path(self.x, self.y, self.w0, self.b0, self.eta, self.n_steps,
                             batch_size=m, seed=self.seed)
        self.readout.value = describe_walkers(self.full, mini, m, self.n)
        if self._drunk is None:
            # The first drawing: both cost maps (contours are computed once, here), the
            # careful walker, and the drunk man.
            self._drunk = V.plot_walkers(self.axes, self.C, self.w_grid, self.b_grid,
                                         self.full, mini, m, self.n)
        else:
            for artist in self._drunk:
                artist.remove()
            self._drunk = V.draw_walker(self.axes[1], mini, V.COLORS["minibatch"],
                                        V.drunk_man_title(m))
        show_in(self.plot, self.fig)


class LiveCostCurve:
    """A cost curve that redraws itself while ``mlp_core.train`` runs.

    Pass ``on_step=curve.on_step, on_epoch=curve.on_epoch`` to ``train``; display
    ``curve.plot`` (an Output widget, class ``mlp-plot``) beforehand. The figure is redrawn
    every ``every`` steps and after each epoch (each redraw costs a fraction of a second, so
    keep them few); ``step_cost``, ``epoch_cost`` and ``exact_cost`` keep every number drawn.

    ``exact_cost``, optional, is a function of no arguments that returns the exact cost over
    the whole training set (e.g. ``lambda: net.cost(X, y)``); it is called after each epoch.
    """

    def __init__(self, steps_per_epoch, every=300, exact_cost=None):
        self.steps_per_epoch, self.every = steps_per_epoch, every
        self._exact = exact_cost
        self.step_cost, self.epoch_cost, self.exact_cost = [], [], []
        self.plot = widgets.Output()
        self.plot.add_class("mlp-plot")
        self.redraws = 0

    def on_step(self, info):
        """A ``train`` step callback: record the minibatch's cost; redraw now and then."""
        self.step_cost.append(info.cost)
        # The last step of an epoch is drawn by on_epoch, with the epoch's cost added.
        if info.global_step % self.every == 0 and info.step != self.steps_per_epoch:
            self.draw()

    def on_epoch(self, epoch, history):
        """A ``train`` epoch callback: record the epoch's training cost (and the exact cost
        over the training set, if asked for); redraw."""
        self.epoch_cost = list(history.cost)
        if self._exact is not None:
            self.exact_cost.append(float(self._exact()))
        self.draw()

    @one_at_a_time
    def draw(self):
        """Redraw the figure inside ``plot``."""
        self.redraws += 1
        fig, ax = plt.subplots(figsize=(8, 3.8))
        V.plot_cost_curve(ax, self.step_cost, self.epoch_cost, self.steps_per_epoch,
                          self.exact_cost)
        fig.subplots_adjust(**MARGINS_1D)
        show_in(self.plot, fig)
