"""Cross-entropy and label smoothing against references written out."""

from __future__ import annotations

import math

import pytest
import torch
import torch.nn.functional as F
from torch.autograd import gradcheck

from losskit import CrossEntropyLoss, LabelSmoothingLoss
from losskit.functional import cross_entropy, label_smoothing_cross_entropy


def smoothed_reference(logits: torch.Tensor, target: torch.Tensor, s: float):
    """Label smoothing as the formula reads: -sum_c q_c log p_c, averaged."""
    num_classes = logits.shape[-1]
    log_p = logits.log_softmax(-1)
    q = (1 - s) * F.one_hot(target, num_classes).to(logits.dtype) + s / num_classes
    return -(q * log_p).sum(-1).mean()


@pytest.fixture
def batch():
    generator = torch.Generator().manual_seed(0)
    logits = torch.randn(16, 7, generator=generator, dtype=torch.float64)
    target = torch.randint(0, 7, (16,), generator=generator)
    return logits, target


def test_cross_entropy_is_minus_log_softmax_of_target(batch):
    logits, target = batch
    expected = -logits.log_softmax(-1).gather(1, target[:, None]).mean()
    torch.testing.assert_close(CrossEntropyLoss()(logits, target), expected)


def test_cross_entropy_by_hand_on_three_classes():
    logits = torch.tensor([[2.0, 0.0, 0.0]])
    expected = -math.log(math.exp(2) / (math.exp(2) + 2))
    assert cross_entropy(logits, torch.tensor([0])).item() == pytest.approx(expected)


@pytest.mark.parametrize("s", [0.0, 0.1, 0.2, 0.3, 1.0])
def test_label_smoothing_matches_formula_and_torch(batch, s):
    logits, target = batch
    loss = LabelSmoothingLoss(smoothing=s)(logits, target)
    torch.testing.assert_close(loss, smoothed_reference(logits, target, s))
    torch.testing.assert_close(
        loss, F.cross_entropy(logits, target, label_smoothing=s), atol=1e-6, rtol=0
    )


def test_label_smoothing_zero_is_cross_entropy(batch):
    logits, target = batch
    torch.testing.assert_close(
        LabelSmoothingLoss(smoothing=0.0)(logits, target),
        CrossEntropyLoss()(logits, target),
    )


def test_label_smoothing_on_token_sequences_uses_last_dim():
    generator = torch.Generator().manual_seed(1)
    logits = torch.randn(3, 4, 6, generator=generator)  # (N, T, K)
    target = torch.randint(0, 6, (3, 4), generator=generator)
    loss = LabelSmoothingLoss(smoothing=0.1)(logits, target)
    flat = smoothed_reference(logits.reshape(-1, 6), target.reshape(-1), 0.1)
    torch.testing.assert_close(loss, flat)


def test_cross_entropy_options_match_torch(batch):
    logits, target = batch
    target = target.clone()
    target[::3] = -1
    weight = torch.linspace(0.5, 2.0, 7, dtype=torch.float64)
    for reduction in ("mean", "sum", "none"):
        ours = CrossEntropyLoss(
            weight=weight, ignore_index=-1, label_smoothing=0.2, reduction=reduction
        )(logits, target)
        theirs = F.cross_entropy(
            logits,
            target,
            weight=weight,
            ignore_index=-1,
            label_smoothing=0.2,
            reduction=reduction,
        )
        torch.testing.assert_close(ours, theirs)


def test_soft_targets(batch):
    logits, _ = batch
    probabilities = torch.rand(16, 7, dtype=torch.float64).softmax(-1)
    expected = -(probabilities * logits.log_softmax(-1)).sum(-1).mean()
    torch.testing.assert_close(cross_entropy(logits, probabilities), expected)


def test_mixed_float_dtypes_promote():
    logits = torch.randn(4, 3, dtype=torch.float32)
    weight = torch.ones(3, dtype=torch.float64)
    loss = CrossEntropyLoss(weight=weight)(logits, torch.tensor([0, 1, 2, 0]))
    assert loss.dtype == torch.float64


def test_classes_none_takes_k_from_input(batch):
    logits, target = batch
    assert torch.isfinite(LabelSmoothingLoss(classes=None)(logits, target))
    assert torch.isfinite(LabelSmoothingLoss(classes=7)(logits, target))


@pytest.mark.parametrize(
    "fn", [cross_entropy, lambda x, t: label_smoothing_cross_entropy(x, t, 0.2)]
)
def test_gradcheck_float64(batch, fn):
    logits, target = batch
    logits = logits[:4].clone().requires_grad_()
    assert gradcheck(lambda x: fn(x, target[:4]), (logits,))
