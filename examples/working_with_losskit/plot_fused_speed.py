"""
Speed and memory of the fused label-smoothing kernel
====================================================

Language models predict one of tens of thousands of tokens, so the logits of
a batch form a large matrix, and every intermediate of the same size costs
time and memory. :class:`losskit.LabelSmoothingLoss` computes label-smoothed
cross-entropy with a fused kernel that keeps no such intermediate apart from
the gradient. This page measures it beside
``torch.nn.functional.cross_entropy(..., label_smoothing=0.1)`` over growing
vocabulary sizes.

The sizes here are small so that the page builds quickly; the
:doc:`benchmarks page </benchmarks>` has the full-size numbers. Timings
depend on the machine, so this page plots them rather than printing them.
"""

# sphinx_gallery_thumbnail_number = 1

import statistics
import time
from pathlib import Path

import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

from losskit import LabelSmoothingLoss

torch.manual_seed(0)
generator = torch.Generator().manual_seed(0)

rows = 1024
vocabulary_sizes = [2000, 8000, 16000, 32000]
print(f"{rows} rows; vocabulary sizes {vocabulary_sizes}")

# %%
# Both losses agree
# -----------------
#
# First the numbers: the fused kernel computes the same loss and gradient as
# torch's, to float32 rounding.

logits = torch.randn(rows, 2000, generator=generator, requires_grad=True)
target = torch.randint(0, 2000, (rows,), generator=generator)
ours = LabelSmoothingLoss(smoothing=0.1)(logits, target)
theirs = F.cross_entropy(logits, target, label_smoothing=0.1)
(grad_ours,) = torch.autograd.grad(ours, logits)
(grad_theirs,) = torch.autograd.grad(theirs, logits)
print(f"loss difference:     {abs(ours - theirs).item() < 1e-5}")
print(f"gradient difference: {(grad_ours - grad_theirs).abs().max().item() < 1e-5}")

# %%
# Time per forward and backward pass
# ----------------------------------
#
# Each measurement is the median of five passes, the two implementations
# interleaved so that a busy machine slows both alike.

fused = LabelSmoothingLoss(smoothing=0.1)


def torch_loss(x, t):
    return F.cross_entropy(x, t, label_smoothing=0.1)


def seconds_per_pass(loss_fn, x, t, repeats=5):
    samples = []
    for _ in range(repeats + 1):  # the first pass warms up
        x_ = x.detach().requires_grad_()
        start = time.perf_counter()
        loss_fn(x_, t).backward()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples[1:])


times = {"losskit (fused)": [], "torch": []}
for size in vocabulary_sizes:
    x = torch.randn(rows, size, generator=generator)
    t = torch.randint(0, size, (rows,), generator=generator)
    times["losskit (fused)"].append(seconds_per_pass(fused, x, t))
    times["torch"].append(seconds_per_pass(torch_loss, x, t))

# %%
# Memory
# ------
#
# The memory a pass needs beyond its inputs shows in the process's peak
# resident set. Linux lets a process reset that peak (writing ``5`` to
# ``/proc/self/clear_refs``), so we reset it, run one pass, and read how far it
# rose. On other systems this part is skipped.

PROC = Path("/proc/self")


def resident_mib(field):
    for line in (PROC / "status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise KeyError(field)


def peak_extra_mib(loss_fn, x, t):
    x_ = x.detach().requires_grad_()
    before = resident_mib("VmRSS")
    (PROC / "clear_refs").write_text("5")
    loss_fn(x_, t).backward()
    return resident_mib("VmHWM") - before


memory = {name: [] for name in times}
if (PROC / "clear_refs").exists():
    for size in vocabulary_sizes:
        x = torch.randn(rows, size, generator=generator)
        t = torch.randint(0, size, (rows,), generator=generator)
        memory["losskit (fused)"].append(peak_extra_mib(fused, x, t))
        memory["torch"].append(peak_extra_mib(torch_loss, x, t))
buffer_mib = [rows * size * 4 / 2**20 for size in vocabulary_sizes]

fig, (ax_time, ax_memory) = plt.subplots(1, 2, figsize=(9, 3.4))
for name, values in times.items():
    ax_time.plot(vocabulary_sizes, [1e3 * v for v in values], marker="o", label=name)
ax_time.set_xlabel("vocabulary size")
ax_time.set_ylabel("forward + backward (ms)")
ax_time.set_title(f"Time, {rows} rows, float32")
ax_time.legend()
for name, values in memory.items():
    if values:
        ax_memory.plot(vocabulary_sizes, values, marker="o", label=name)
ax_memory.plot(
    vocabulary_sizes, buffer_mib, color="gray", linestyle=":", label="one logits buffer"
)
ax_memory.set_xlabel("vocabulary size")
ax_memory.set_ylabel("peak extra memory (MiB)")
ax_memory.set_title("Memory beyond the inputs")
ax_memory.legend()
fig.tight_layout()

# %%
# Both grow linearly with the vocabulary. The fused kernel is faster, and its
# memory follows the dotted line of a single logits-sized buffer, the
# gradient, while torch's label smoothing needs about three.

plt.show()
