"""Show a matplotlib figure inside an ``ipywidgets.Output``, replacing what was there."""
import base64
import functools
import io
import threading

import matplotlib.pyplot as plt


# JupyterLab 4.4+ with ipykernel 7 may deliver widget messages on a thread of their own (kernel
# subshells), beside the cell running on the main thread. matplotlib is not thread-safe: a
# figure drawn while another is built can come out blank. ``run.py lab`` turns comms over
# subshells off; for a JupyterLab started otherwise, the widgets' callbacks that draw take
# this one lock, so that they run one at a time.
DRAW_LOCK = threading.RLock()


def one_at_a_time(method):
    """Decorator: the method runs holding :data:`DRAW_LOCK`."""
    @functools.wraps(method)
    def serialized(*args, **kwargs):
        with DRAW_LOCK:
            return method(*args, **kwargs)
    return serialized


def figure_png(fig):
    """The figure as PNG bytes (at the figure's own dpi)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def show_in(out, fig):
    """Replace the contents of the Output ``out`` with ``fig``, then close ``fig``.

    The PNG is written straight into the widget's ``outputs`` (what the browser renders),
    rather than displayed inside ``with out:``: no output messages travel through the
    kernel, so nothing can interleave with a running cell's own output, and the figure
    is not also shown below the cell. Closing keeps figures from piling up in memory.
    """
    png = figure_png(fig)
    w, h = fig.get_size_inches() * fig.dpi
    plt.close(fig)
    out.outputs = ({"output_type": "display_data",
                    "data": {"image/png": base64.b64encode(png).decode("ascii"),
                             "text/plain": f"<Figure size {w:.0f}x{h:.0f}>"},
                    "metadata": {}},)
