"""ipywidgets compositions of the series (imported explicitly: ``import mlp_core.widgets``).

Each widget is built by a function of a module named for its concept. Its callbacks are
plain functions of the package: a test sets ``slider.value`` and reads the readout, with no
browser. See CONTRIBUTING.md for the CSS classes the browser tests rely on.
"""
