"""Show a matplotlib figure inside an ``ipywidgets.Output``, replacing what was there."""
from IPython.display import clear_output, display
import matplotlib.pyplot as plt


def show_in(out, fig):
    """Replace the contents of the Output ``out`` with ``fig``, then close ``fig`` so that
    figures do not pile up in memory (and do not also appear below the cell)."""
    with out:
        clear_output(wait=True)
        display(fig)
    plt.close(fig)
