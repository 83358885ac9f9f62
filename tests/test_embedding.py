"""Word2vec negative sampling and cosine similarity against the formulas."""

from __future__ import annotations

import math

import pytest
import torch
import torch.nn.functional as F
from torch.autograd import gradcheck

from losskit import CosineSimilarityLoss, Word2VecLoss
from losskit.functional import cosine_similarity_loss, negative_sampling_loss


def test_fresh_word2vec_loss_is_one_plus_k_ln2():
    loss = Word2VecLoss(embedding_dim=100, vocab_size=1000, n_negatives=5)
    center = torch.randint(0, 1000, (50,))
    context = torch.randint(0, 1000, (50,))
    assert loss(center, context).item() == pytest.approx(6 * math.log(2), abs=1e-6)


def test_word2vec_initialisation_follows_word2vec():
    loss = Word2VecLoss(embedding_dim=50, vocab_size=200)
    assert isinstance(loss.in_embed, torch.nn.Embedding)
    assert isinstance(loss.out_embed, torch.nn.Embedding)
    assert loss.in_embed.weight.abs().max() <= 0.5 / 50
    assert loss.in_embed.weight.abs().max() > 0.4 / 50
    assert torch.count_nonzero(loss.out_embed.weight) == 0


def test_negative_sampling_matches_formula():
    generator = torch.Generator().manual_seed(0)
    v = torch.randn(6, 4, generator=generator, dtype=torch.float64)
    u = torch.randn(6, 4, generator=generator, dtype=torch.float64)
    negatives = torch.randn(6, 3, 4, generator=generator, dtype=torch.float64)
    expected = torch.tensor(
        [
            -math.log(1 / (1 + math.exp(-float(u[b] @ v[b]))))
            - sum(
                math.log(1 / (1 + math.exp(float(negatives[b, i] @ v[b]))))
                for i in range(3)
            )
            for b in range(6)
        ],
        dtype=torch.float64,
    )
    ours = negative_sampling_loss(v, u, negatives, reduction="none")
    torch.testing.assert_close(ours, expected)
    torch.testing.assert_close(negative_sampling_loss(v, u, negatives), expected.mean())


def test_word2vec_uses_its_tables_and_generator():
    loss = Word2VecLoss(embedding_dim=8, vocab_size=30, n_negatives=4)
    with torch.no_grad():
        loss.out_embed.weight.normal_()
    center, context = torch.tensor([1, 2, 3]), torch.tensor([4, 5, 6])
    loss.generator = torch.Generator().manual_seed(7)
    value = loss(center, context)
    negatives = torch.randint(30, (3, 4), generator=torch.Generator().manual_seed(7))
    expected = negative_sampling_loss(
        loss.in_embed(center), loss.out_embed(context), loss.out_embed(negatives)
    )
    torch.testing.assert_close(value, expected)


def test_word2vec_trains():
    torch.manual_seed(0)
    loss = Word2VecLoss(embedding_dim=16, vocab_size=50, n_negatives=3)
    optimizer = torch.optim.Adam(loss.parameters(), lr=0.05)
    center = torch.arange(0, 50, 2)
    context = center + 1
    first = loss(center, context).item()
    for _ in range(200):
        optimizer.zero_grad()
        step = loss(center, context)
        step.backward()
        optimizer.step()
    assert step.item() < 0.5 * first


@pytest.mark.parametrize("margin", [-0.5, 0.0, 0.2, 1.0])
def test_cosine_similarity_loss_matches_formula(margin):
    generator = torch.Generator().manual_seed(0)
    x = torch.randn(10, 5, generator=generator, dtype=torch.float64)
    y = torch.randn(10, 5, generator=generator, dtype=torch.float64)
    cosine = (x * y).sum(1) / (x.norm(dim=1) * y.norm(dim=1))
    expected = (margin - cosine).clamp_min(0).mean()
    torch.testing.assert_close(CosineSimilarityLoss(margin=margin)(x, y), expected)
    torch.testing.assert_close(
        CosineSimilarityLoss(margin=margin)(x, y),
        (margin - F.cosine_similarity(x, y)).clamp_min(0).mean(),
    )


def test_cosine_mixed_dtypes_promote():
    x = torch.randn(3, 4, dtype=torch.float32)
    y = torch.randn(3, 4, dtype=torch.float64)
    assert cosine_similarity_loss(x, y, margin=1.0).dtype == torch.float64


def test_gradcheck_float64():
    generator = torch.Generator().manual_seed(3)
    x = torch.randn(4, 3, generator=generator, dtype=torch.float64, requires_grad=True)
    y = torch.randn(4, 3, generator=generator, dtype=torch.float64, requires_grad=True)
    assert gradcheck(lambda a, b: cosine_similarity_loss(a, b, margin=1.5), (x, y))
    negatives = torch.randn(
        4, 2, 3, generator=generator, dtype=torch.float64, requires_grad=True
    )
    assert gradcheck(negative_sampling_loss, (x, y, negatives))


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_cosine_zero_vectors_stay_finite(reduction):
    x = torch.zeros(3, 4, requires_grad=True)
    y = torch.tensor([[1.0, 2, 3, 4], [0, 0, 0, 0], [1, 0, 0, 0]], requires_grad=True)
    loss = CosineSimilarityLoss(margin=0.5, reduction=reduction)(x, y)
    loss.sum().backward()
    assert torch.isfinite(loss).all()
    assert torch.isfinite(x.grad).all() and torch.isfinite(y.grad).all()


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_cosine_dim_and_reduction(reduction):
    generator = torch.Generator().manual_seed(2)
    x = torch.randn(5, 3, 4, generator=generator, dtype=torch.float64)
    y = torch.randn(5, 3, 4, generator=generator, dtype=torch.float64)
    ours = cosine_similarity_loss(x, y, margin=0.3, dim=-1, reduction=reduction)
    per = (0.3 - (x * y).sum(-1) / (x.norm(dim=-1) * y.norm(dim=-1))).clamp_min(0)
    expected = {"mean": per.mean(), "sum": per.sum(), "none": per}[reduction]
    torch.testing.assert_close(ours, expected)
    x.requires_grad_()
    assert gradcheck(
        lambda a: cosine_similarity_loss(a, y, margin=0.3, dim=-1, reduction=reduction),
        (x,),
    )


@pytest.mark.slow
def test_cosine_torch_compile_matches_eager():
    generator = torch.Generator().manual_seed(5)
    x = torch.randn(6, 4, generator=generator, requires_grad=True)
    y = torch.randn(6, 4, generator=generator)
    loss = CosineSimilarityLoss(margin=0.5)
    eager = loss(x, y)
    (eager_grad,) = torch.autograd.grad(eager, x)
    compiled = torch.compile(loss)(x, y)
    (compiled_grad,) = torch.autograd.grad(compiled, x)
    torch.testing.assert_close(compiled, eager)
    torch.testing.assert_close(compiled_grad, eager_grad)
