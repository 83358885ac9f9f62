"""Time and peak memory of the losskit losses beside torch's own, in one run.

Every number is a ratio against a baseline measured in the same run, so a
shared, noisy machine still gives comparable results. Times are medians of
interleaved repetitions; peak memory is how far one step lifts the process's
resident set above where it started (Linux's VmHWM, reset just before the
step), each measured in a fresh subprocess.

Usage::

    python benchmarks/bench_losses.py [--threads 2] [--quick] [--rst FILE]

``--rst`` writes the final table as reStructuredText (the docs include
``docs/benchmark_results.rst``).
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import torch
import torch.nn.functional as F

import losskit
from losskit import (
    CosineSimilarityLoss,
    CrossEntropyLoss,
    LabelSmoothingLoss,
    Word2VecLoss,
)

SIZES = {
    "full": {
        "rows": 8192,
        "classes": 32000,
        "vocab": 100_000,
        "dim": 300,
        "batch": 4096,
        "pairs": 65536,
        "width": 768,
    },
    "quick": {
        "rows": 1024,
        "classes": 8000,
        "vocab": 20_000,
        "dim": 100,
        "batch": 1024,
        "pairs": 8192,
        "width": 256,
    },
}


# --- the cases: name -> {implementation: step function factory} -------------


def unfused_label_smoothing(logits, target, s):
    """Label smoothing as the formula reads, every intermediate materialised."""
    log_p = logits.log_softmax(dim=-1)
    k = logits.shape[-1]
    q = (1 - s) * F.one_hot(target, k).to(logits.dtype) + s / k
    return -(q * log_p).sum(dim=-1).mean()


def classification_case(size, smoothing):
    generator = torch.Generator().manual_seed(0)
    logits = torch.randn(size["rows"], size["classes"], generator=generator)
    target = torch.randint(0, size["classes"], (size["rows"],), generator=generator)
    ours = LabelSmoothingLoss(smoothing=smoothing) if smoothing else CrossEntropyLoss()

    def step(fn):
        def run():
            x = logits.detach().requires_grad_()
            fn(x, target).backward()

        return run

    return {
        "losskit": step(ours),
        "torch": step(lambda x, t: F.cross_entropy(x, t, label_smoothing=smoothing)),
        "unfused": step(lambda x, t: unfused_label_smoothing(x, t, smoothing)),
    }, size["rows"] * size["classes"] * 4


def word2vec_case(size):
    """One training step, sparse against dense, with SGD (word2vec's own
    optimizer) and with Adam."""

    def trainer(sparse, optimizer_name):
        torch.manual_seed(0)
        loss = Word2VecLoss(size["dim"], size["vocab"], n_negatives=5, sparse=sparse)
        parameters = list(loss.parameters())
        if optimizer_name == "SGD":
            optimizer = torch.optim.SGD(parameters, lr=0.025)
        else:
            adam = torch.optim.SparseAdam if sparse else torch.optim.Adam
            optimizer = adam(parameters, lr=1e-3)
        generator = torch.Generator().manual_seed(1)

        def run():
            center, context = torch.randint(
                size["vocab"], (2, size["batch"]), generator=generator
            )
            optimizer.zero_grad()
            loss(center, context).backward()
            optimizer.step()

        return run

    return {
        "sparse, SGD": trainer(True, "SGD"),
        "dense, SGD": trainer(False, "SGD"),
        "sparse, SparseAdam": trainer(True, "Adam"),
        "dense, Adam": trainer(False, "Adam"),
    }, None


def cosine_case(size):
    generator = torch.Generator().manual_seed(0)
    x = torch.randn(size["pairs"], size["width"], generator=generator)
    y = torch.randn(size["pairs"], size["width"], generator=generator)
    ours = CosineSimilarityLoss(margin=0.5)

    def step(fn):
        def run():
            a, b = x.detach().requires_grad_(), y.detach().requires_grad_()
            fn(a, b).backward()

        return run

    def by_hand(a, b):
        cos = (a * b).sum(1) / (a.norm(dim=1) * b.norm(dim=1)).clamp_min(1e-8)
        return (0.5 - cos).clamp_min(0).mean()

    return {
        "losskit": step(ours),
        "torch": step(
            lambda a, b: (0.5 - F.cosine_similarity(a, b)).clamp_min(0).mean()
        ),
        "unfused": step(by_hand),
    }, None


CASES: dict[str, Callable] = {
    "cross-entropy": lambda size: classification_case(size, 0.0),
    "label smoothing 0.1": lambda size: classification_case(size, 0.1),
    "word2vec step": word2vec_case,
    "cosine similarity": cosine_case,
}
# What each implementation's speed-up is measured against (default: torch).
BASELINE = {
    "sparse, SGD": "dense, SGD",
    "dense, SGD": "dense, SGD",
    "sparse, SparseAdam": "dense, Adam",
    "dense, Adam": "dense, Adam",
}


# --- measuring ---------------------------------------------------------------


def median_times(steps: dict[str, Callable], repeats: int) -> dict[str, float]:
    for run in steps.values():  # warm up
        run()
    samples = {name: [] for name in steps}
    for _ in range(repeats):  # interleaved, so drift hits every entry alike
        for name, run in steps.items():
            start = time.perf_counter()
            run()
            samples[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in samples.items()}


def status_bytes(field: str) -> int:
    """A ``/proc/self/status`` memory field (``VmRSS``, ``VmHWM``) in bytes."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"{field} not in /proc/self/status")


def measure_memory_child(case: str, implementation: str, mode: str, threads: int):
    """In a subprocess: how far one step lifts the resident set above its start."""
    torch.set_num_threads(threads)
    steps, _ = CASES[case](SIZES[mode])
    steps[implementation]()  # warm up: lazy initialisation is not the loss's cost
    before = status_bytes("VmRSS")
    # Writing 5 to clear_refs resets the peak (VmHWM) to the current size.
    Path("/proc/self/clear_refs").write_text("5")
    steps[implementation]()
    print(json.dumps({"extra": status_bytes("VmHWM") - before}))


def peak_memory(case: str, implementation: str, mode: str, threads: int) -> int:
    result = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            case,
            implementation,
            "--threads",
            str(threads),
        ]
        + (["--quick"] if mode == "quick" else []),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])["extra"]


def machine(threads: int) -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}; torch {torch.__version__}; losskit {losskit.__version__}; "
        f"Python {platform.python_version()}; {threads} threads"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="small sizes")
    parser.add_argument("--rst", type=Path, help="write the table here as reST")
    parser.add_argument(
        "--case", action="append", choices=list(CASES), help="run only these"
    )
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    mode = "quick" if args.quick else "full"
    if args.child:
        measure_memory_child(*args.child, mode, args.threads)
        return

    torch.set_num_threads(args.threads)
    size = SIZES[mode]
    print(machine(args.threads))
    print(f"sizes: {size}")
    rows = []
    for case in args.case or CASES:
        steps, gradient_bytes = CASES[case](size)
        times = median_times(steps, args.repeats)
        for name, seconds in times.items():
            baseline = BASELINE.get(name, "torch")
            extra = peak_memory(case, name, mode, args.threads)
            memory = f"{extra / 2**20:.0f} MiB"
            if gradient_bytes:
                memory += f" ({extra / gradient_bytes:.2f}× N×K)"
            speedup = times[baseline] / seconds
            rows.append(
                (case, name, f"{seconds * 1e3:.1f} ms", f"{speedup:.2f}×", memory)
            )
            print(
                f"{case:20} {name:15} {seconds * 1e3:9.1f} ms  "
                f"speed-up vs {baseline}: {speedup:5.2f}×  peak extra memory {memory}"
            )

    if args.rst:
        header = (
            "loss",
            "implementation",
            "forward+backward",
            "speed-up",
            "peak extra memory",
        )
        lines = [
            f"Measured on {machine(args.threads)}.",
            "Speed-up is against torch's built-in in the same run (for word2vec,",
            "against the dense step with the same kind of optimizer); memory is",
            "relative to one N×K float32 buffer.",
            "",
            ".. list-table::",
            "   :header-rows: 1",
            "",
        ]
        for row in (header, *rows):
            lines.append(f"   * - {row[0]}")
            lines.extend(f"     - {cell}" for cell in row[1:])
        args.rst.write_text("\n".join(lines) + "\n")
        print(f"wrote {args.rst}")


if __name__ == "__main__":
    main()
