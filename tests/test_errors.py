"""Bad input gets a clear exception that names the argument and the value."""

from __future__ import annotations

import re

import pytest
import torch

from losskit import (
    CosineSimilarityLoss,
    CrossEntropyLoss,
    LabelSmoothingLoss,
    Word2VecLoss,
)
from losskit.functional import cross_entropy, label_smoothing_cross_entropy

logits = torch.randn(4, 5)
target = torch.tensor([0, 1, 2, 3])

# (call, exception, message pattern)
CASES = [
    (
        lambda: cross_entropy(logits, target.float()),
        TypeError,
        r"target holds class indices as torch.float32; class indices must be "
        r"integers \(use target.long\(\)\)",
    ),
    (
        lambda: label_smoothing_cross_entropy(logits, target, convention="fairseq"),
        ValueError,
        "convention must be 'uniform' or 'others'; got 'fairseq'",
    ),
    (
        lambda: label_smoothing_cross_entropy(
            logits, logits.softmax(-1), convention="others"
        ),
        ValueError,
        "convention='others' needs class-index targets",
    ),
    (
        lambda: Word2VecLoss(4, 10)(torch.tensor([[1, 2]]), torch.tensor([[1, 2]])),
        ValueError,
        r"center_ids must be a 1-d tensor of word ids; got shape \(1, 2\)",
    ),
    (
        lambda: cross_entropy(logits.long(), target),
        TypeError,
        "logits must be a floating-point tensor; got dtype torch.int64",
    ),
    (
        lambda: cross_entropy(logits, target.float()[:, None]),
        ValueError,
        r"probability targets must have the shape of logits \(4, 5\)",
    ),
    (
        lambda: cross_entropy(logits, torch.tensor([0, 1, 5, 2])),
        ValueError,
        r"target holds 5, outside \[0, 5\) or ignore_index=-100",
    ),
    (
        lambda: cross_entropy(logits, torch.tensor([0, -2, 1, 1])),
        ValueError,
        r"target holds -2, outside \[0, 5\)",
    ),
    (
        lambda: cross_entropy(logits, target[:3]),
        ValueError,
        r"target of shape \(3,\) does not match logits of shape \(4, 5\)",
    ),
    (
        lambda: cross_entropy(logits, target, reduction="avg"),
        ValueError,
        "reduction must be one of 'mean', 'sum', 'none'; got 'avg'",
    ),
    (
        lambda: cross_entropy(torch.tensor(1.0), target),
        ValueError,
        "logits must have a class dimension",
    ),
    (
        lambda: cross_entropy(logits, target, weight=torch.ones(3)),
        ValueError,
        r"weight must have shape \(5,\)",
    ),
    (
        lambda: cross_entropy([[0.0]], target),
        TypeError,
        "logits must be a torch.Tensor; got list",
    ),
    (
        lambda: label_smoothing_cross_entropy(logits, target, smoothing=1.5),
        ValueError,
        r"smoothing must lie in \[0, 1\]; got 1.5",
    ),
    (
        lambda: LabelSmoothingLoss(smoothing=-0.1),
        ValueError,
        r"smoothing must lie in \[0, 1\]; got -0.1",
    ),
    (
        lambda: LabelSmoothingLoss(classes=0),
        ValueError,
        "classes must be a positive integer; got 0",
    ),
    (
        lambda: LabelSmoothingLoss(classes=2.5),
        TypeError,
        "classes must be a positive integer; got 2.5",
    ),
    (
        lambda: LabelSmoothingLoss(classes=4)(logits, target),
        ValueError,
        "logits have 5 classes on dim=-1, but the loss was built with classes=4",
    ),
    (
        lambda: LabelSmoothingLoss(dim=2)(logits, target),
        ValueError,
        "dim=2 is out of range for a tensor with 2 dimensions",
    ),
    (
        lambda: CrossEntropyLoss(label_smoothing="0.1"),
        TypeError,
        "label_smoothing must be a number in",
    ),
    (
        lambda: Word2VecLoss(embedding_dim=0, vocab_size=10),
        ValueError,
        "embedding_dim must be a positive integer; got 0",
    ),
    (
        lambda: Word2VecLoss(embedding_dim=4, vocab_size=10.0),
        TypeError,
        "vocab_size must be a positive integer; got 10.0",
    ),
    (
        lambda: Word2VecLoss(4, 10, n_negatives=-1),
        ValueError,
        "n_negatives must be a non-negative integer; got -1",
    ),
    (
        lambda: Word2VecLoss(4, 10)(torch.tensor([1, 10]), torch.tensor([1, 2])),
        ValueError,
        r"center_ids holds 10, outside \[0, 10\)",
    ),
    (
        lambda: Word2VecLoss(4, 10)(torch.tensor([1, 2]), torch.tensor([1.0, 2.0])),
        TypeError,
        "context_ids must hold integer class indices; got dtype torch.float32",
    ),
    (
        lambda: Word2VecLoss(4, 10)(torch.tensor([1, 2]), torch.tensor([1])),
        ValueError,
        r"context_ids must have shape \(2,\) or \(2, W\) to match center_ids; "
        r"got \(1,\)",
    ),
    (
        lambda: CosineSimilarityLoss()(torch.ones(3, 4), torch.ones(3, 5)),
        ValueError,
        r"x and y must have the same shape; got \(3, 4\) and \(3, 5\)",
    ),
    (
        lambda: CosineSimilarityLoss(margin="a"),
        TypeError,
        "margin must be a number; got 'a'",
    ),
]


@pytest.mark.parametrize(("call", "exception", "pattern"), CASES)
def test_bad_input_raises_clear_error(call, exception, pattern):
    with pytest.raises(exception, match=pattern):
        call()


def test_nan_logits_propagate():
    bad = logits.clone()
    bad[0, 0] = float("nan")
    assert torch.isnan(cross_entropy(bad, target))


def test_patterns_are_valid_regexes():
    for _, _, pattern in CASES:
        re.compile(pattern)
