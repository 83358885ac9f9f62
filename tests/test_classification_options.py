"""Options of cross-entropy and label smoothing, against references written out."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from torch.autograd import gradcheck

from losskit import CrossEntropyLoss, LabelSmoothingLoss
from losskit.functional import cross_entropy, label_smoothing_cross_entropy
from losskit.functional._fused import smoothed_cross_entropy_reference

REDUCTIONS = ("mean", "sum", "none")


def formula(logits, target, s, convention="uniform", weight=None, ignore=-100):
    """-sum_c w_c q_c log p_c per row, written out with explicit loops over rows."""
    k = logits.shape[-1]
    weight = torch.ones(k, dtype=logits.dtype) if weight is None else weight
    rows, weights = [], []
    for x, y in zip(logits.reshape(-1, k), target.reshape(-1), strict=True):
        if y == ignore:
            rows.append(torch.zeros((), dtype=logits.dtype))
            weights.append(0.0)
            continue
        if convention == "uniform":
            q = torch.full((k,), s / k, dtype=logits.dtype)
            q[y] += 1 - s
        else:
            q = torch.full((k,), s / (k - 1), dtype=logits.dtype)
            q[y] = 1 - s
        log_p = x - torch.logsumexp(x, 0)
        rows.append(-(weight * q * log_p).sum())
        weights.append(float(weight[y]))
    losses = torch.stack(rows).reshape(target.shape)
    total = sum(weights)
    return losses, losses.sum() / (total if total > 0 else 1)


def test_conventions_on_the_issue_test_vector():
    torch.manual_seed(0)
    logits = torch.randn(4, 5)
    target = torch.tensor([0, 1, 2, 3])
    log_p = logits.log_softmax(-1)
    uniform = torch.full((4, 5), 0.1 / 5)
    uniform[range(4), target] += 0.9
    others = torch.full((4, 5), 0.1 / 4)
    others[range(4), target] = 0.9
    for convention, q in (("uniform", uniform), ("others", others)):
        expected = -(q * log_p).sum(-1).mean()
        ours = LabelSmoothingLoss(0.1, convention=convention)(logits, target)
        torch.testing.assert_close(ours, expected, atol=1e-6, rtol=0)
    assert others[0].sum().item() == pytest.approx(1.0)
    assert others[0, 0].item() == pytest.approx(0.9)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("s", [0.0, 0.1, 0.35])
def test_fused_matches_torch_with_weights_and_ignore_index(reduction, s):
    generator = torch.Generator().manual_seed(2)
    logits = torch.randn(300, 37, generator=generator, requires_grad=True)
    target = torch.randint(0, 37, (300,), generator=generator)
    target[::7] = 5
    weight = torch.rand(37, generator=generator) + 0.1
    ours = label_smoothing_cross_entropy(
        logits, target, s, weight=weight, ignore_index=5, reduction=reduction
    )
    theirs = F.cross_entropy(
        logits,
        target,
        weight=weight,
        ignore_index=5,
        label_smoothing=s,
        reduction=reduction,
    )
    torch.testing.assert_close(ours, theirs, atol=1e-5, rtol=1e-5)
    (g_ours,) = torch.autograd.grad(ours.sum(), logits)
    (g_theirs,) = torch.autograd.grad(theirs.sum(), logits)
    torch.testing.assert_close(g_ours, g_theirs, atol=1e-5, rtol=1e-5)


def test_layouts_n_c_d_and_token_sequences():
    generator = torch.Generator().manual_seed(3)
    image_like = torch.randn(2, 6, 3, 4, generator=generator)  # (N, C, d1, d2)
    target = torch.randint(0, 6, (2, 3, 4), generator=generator)
    torch.testing.assert_close(
        CrossEntropyLoss(label_smoothing=0.2, reduction="none")(image_like, target),
        F.cross_entropy(image_like, target, label_smoothing=0.2, reduction="none"),
    )
    tokens = torch.randn(2, 5, 6, generator=generator)  # (N, T, C)
    target = torch.randint(0, 6, (2, 5), generator=generator)
    torch.testing.assert_close(
        LabelSmoothingLoss(0.2, dim=-1, reduction="none")(tokens, target),
        F.cross_entropy(
            tokens.transpose(1, 2), target, label_smoothing=0.2, reduction="none"
        ),
    )


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_soft_targets_match_formula(reduction):
    generator = torch.Generator().manual_seed(4)
    logits = torch.randn(8, 5, generator=generator, dtype=torch.float64)
    q = torch.rand(8, 5, generator=generator, dtype=torch.float64).softmax(-1)
    expected = -(q * logits.log_softmax(-1)).sum(-1)
    expected = {"mean": expected.mean(), "sum": expected.sum(), "none": expected}
    torch.testing.assert_close(
        cross_entropy(logits, q, reduction=reduction), expected[reduction]
    )


@pytest.mark.parametrize("loss", [CrossEntropyLoss(), LabelSmoothingLoss(0.1)])
def test_all_ignored_mean_is_zero_with_zero_gradient(loss):
    logits = torch.randn(4, 3, requires_grad=True)
    value = loss(logits, torch.full((4,), -100))
    value.backward()
    assert value.item() == 0.0
    assert torch.count_nonzero(logits.grad) == 0
    assert not torch.isnan(logits.grad).any()


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("convention", ["uniform", "others"])
def test_gradcheck_every_reduction(reduction, convention):
    generator = torch.Generator().manual_seed(5)
    logits = torch.randn(
        6, 4, generator=generator, dtype=torch.float64, requires_grad=True
    )
    target = torch.tensor([0, 1, -100, 3, 2, 1])
    weight = torch.tensor([0.5, 1.0, 2.0, 1.5], dtype=torch.float64)

    def loss(x):
        return label_smoothing_cross_entropy(
            x, target, 0.2, weight=weight, reduction=reduction, convention=convention
        )

    assert gradcheck(loss, (logits,))
    for ce_reduction in REDUCTIONS:
        assert gradcheck(
            lambda x, r=ce_reduction: cross_entropy(x, target, reduction=r), (logits,)
        )


@settings(max_examples=60, deadline=None)
@given(
    rows=st.integers(1, 12),
    classes=st.integers(2, 9),
    s=st.floats(0.0, 1.0),
    convention=st.sampled_from(["uniform", "others"]),
    weighted=st.booleans(),
    seed=st.integers(0, 2**16),
    scale=st.floats(0.1, 30.0),
)
def test_property_matches_formula(rows, classes, s, convention, weighted, seed, scale):
    generator = torch.Generator().manual_seed(seed)
    logits = scale * torch.randn(
        rows, classes, generator=generator, dtype=torch.float64
    )
    target = torch.randint(0, classes, (rows,), generator=generator)
    ignored = torch.rand(rows, generator=generator) < 0.2
    target[ignored] = -1
    weight = (
        torch.rand(classes, generator=generator, dtype=torch.float64) + 0.05
        if weighted
        else None
    )
    per_row, mean = formula(logits, target, s, convention, weight, ignore=-1)
    common = dict(weight=weight, ignore_index=-1, convention=convention)
    torch.testing.assert_close(
        label_smoothing_cross_entropy(logits, target, s, reduction="none", **common),
        per_row,
    )
    torch.testing.assert_close(
        label_smoothing_cross_entropy(logits, target, s, **common), mean
    )


def dtype_error(dtype, fn):
    """Max error of ``fn`` at ``dtype`` against the same call in float64."""
    generator = torch.Generator().manual_seed(6)
    logits = 4 * torch.randn(256, 50, generator=generator, dtype=torch.float64)
    target = torch.randint(0, 50, (256,), generator=generator)
    exact = fn(logits, target)
    return (fn(logits.to(dtype), target).double() - exact).abs().max().item()


@pytest.mark.parametrize(
    "dtype", [torch.float16, torch.bfloat16, torch.float32, torch.float64]
)
def test_dtype_error_no_worse_than_torch(dtype):
    def ours(x, t):
        return label_smoothing_cross_entropy(x, t, 0.1, reduction="none")

    def theirs(x, t):
        return F.cross_entropy(x, t, label_smoothing=0.1, reduction="none")

    tolerance = {torch.float16: 1e-3, torch.bfloat16: 1e-2}.get(dtype, 1e-6)
    assert dtype_error(dtype, ours) <= dtype_error(dtype, theirs) + tolerance


def test_half_precision_keeps_dtype_and_gradient():
    logits = torch.randn(16, 10).to(torch.bfloat16).requires_grad_()
    target = torch.randint(0, 10, (16,))
    loss = LabelSmoothingLoss(0.1)(logits, target)
    loss.backward()
    assert loss.dtype == torch.bfloat16
    assert logits.grad.dtype == torch.bfloat16
    reference = F.cross_entropy(logits.float(), target, label_smoothing=0.1)
    assert abs(loss.item() - reference.item()) < 1e-2


def test_reference_kernel_agrees_with_fused():
    generator = torch.Generator().manual_seed(7)
    logits = torch.randn(40, 11, generator=generator, dtype=torch.float64)
    target = torch.randint(0, 11, (40,), generator=generator)
    target[3] = -100
    fused = label_smoothing_cross_entropy(logits, target, 0.3, reduction="none")
    plain = smoothed_cross_entropy_reference(logits, target, None, -100, 0.7, 0.3 / 11)
    torch.testing.assert_close(fused, plain)


@pytest.mark.slow
@pytest.mark.parametrize(
    "loss",
    [CrossEntropyLoss(), LabelSmoothingLoss(0.1, convention="others")],
    ids=["cross-entropy", "label-smoothing"],
)
def test_torch_compile_matches_eager(loss):
    generator = torch.Generator().manual_seed(8)
    logits = torch.randn(32, 9, generator=generator, requires_grad=True)
    target = torch.randint(0, 9, (32,), generator=generator)
    compiled = torch.compile(loss)
    eager_value = loss(logits, target)
    (eager_grad,) = torch.autograd.grad(eager_value, logits)
    compiled_value = compiled(logits, target)
    (compiled_grad,) = torch.autograd.grad(compiled_value, logits)
    torch.testing.assert_close(compiled_value, eager_value)
    torch.testing.assert_close(compiled_grad, eager_grad)
