"""The series' colours and plot defaults: one meaning, one colour, in every notebook."""
import matplotlib as mpl

COLORS = {
    "positive": "#2f6fd0",   # a positive weight or a wish to go up (3Blue1Brown's blue)
    "negative": "#d1432f",   # a negative weight or a wish to go down (red)
    "cost": "#7a3fb0",       # the cost C and its curves (purple)
    "gradient": "#e08a00",   # gradients, nudges, arrows of steepest descent (orange)
    "target": "#2a9d4a",     # targets y and correct answers (green)
    "current": "#222222",    # the current value: a marker, a ball
    "full_batch": "#264653",  # the careful walker: full-batch gradient descent
    "minibatch": "#e76f51",   # the drunk man: minibatch SGD
    "neutral": "#9a9a9a",    # everything else
}

#: Neuron brightness: black (0) to white (1), as 3Blue1Brown draws activations.
NEURON_CMAP = "gray"
#: Signed quantities (weights, desired changes): red negative, white zero, blue positive.
SIGNED_CMAP = mpl.colors.LinearSegmentedColormap.from_list(
    "signed", [COLORS["negative"], "#ffffff", COLORS["positive"]])


def apply_style():
    """Readable defaults for every figure of the series (called by each notebook once)."""
    mpl.rcParams.update({
        "figure.dpi": 100, "savefig.dpi": 100, "font.size": 11, "axes.titlesize": 12,
        "axes.labelsize": 11, "axes.grid": True, "grid.alpha": 0.3,
        "axes.spines.top": False, "axes.spines.right": False,
        "axes.prop_cycle": mpl.cycler(color=[COLORS["positive"], COLORS["negative"],
                                             COLORS["cost"], COLORS["gradient"],
                                             COLORS["target"], COLORS["neutral"]]),
    })
