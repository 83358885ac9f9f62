"""What the gallery build runs before each example (see docs/conf.py).

A module rather than functions in conf.py, so that parallel build workers can
import it by name.
"""

from __future__ import annotations

import matplotlib as mpl
import torch

# One look for every figure of the site: an opaque white face keeps dark text
# legible on the dark theme too.
STYLE = {
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "axes.facecolor": "white",
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": "medium",
    "font.size": 10,
}


def reset_example(gallery_conf, fname) -> None:
    """Seed torch, cap its threads and apply the site's figure style."""
    # Two examples run side by side on two cores: one thread each.
    torch.set_num_threads(1)
    torch.manual_seed(0)
    mpl.rcParams.update(STYLE)
