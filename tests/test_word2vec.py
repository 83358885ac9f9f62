"""Word2vec's options: noise distribution, generator, collisions, windows, sparse."""

from __future__ import annotations

import math

import pytest
import torch
from torch.autograd import gradcheck

from losskit import Word2VecLoss
from losskit.functional import negative_sampling_loss

# The chi-square critical value for 19 degrees of freedom at p = 0.001.
CHI2_19_P001 = 43.82


def test_sampler_follows_unigram_to_the_three_quarters():
    counts = torch.tensor([float(c) for c in range(1, 21)]) ** 2  # vocab 20
    loss = Word2VecLoss(
        4,
        20,
        n_negatives=1,
        word_counts=counts,
        generator=torch.Generator().manual_seed(0),
    )
    expected_p = counts**0.75 / (counts**0.75).sum()
    torch.testing.assert_close(
        loss.noise.double(), expected_p.double(), rtol=1e-6, atol=0
    )
    draws = loss._draw(200_000)
    observed = torch.bincount(draws, minlength=20).double()
    expected = expected_p.double() * len(draws)
    chi2 = ((observed - expected) ** 2 / expected).sum().item()
    assert chi2 < CHI2_19_P001, chi2
    # The test can fail: plain unigram counts are far from unigram^0.75.
    plain = counts.double() / counts.sum() * len(draws)
    assert ((observed - plain) ** 2 / plain).sum().item() > 100 * CHI2_19_P001


def test_power_is_configurable_and_uniform_without_counts():
    counts = torch.tensor([1.0, 4.0, 16.0])
    assert torch.allclose(
        Word2VecLoss(2, 3, word_counts=counts, power=1.0).noise, counts / counts.sum()
    )
    assert torch.allclose(
        Word2VecLoss(2, 3, word_counts=counts, power=0.0).noise, torch.full((3,), 1 / 3)
    )
    assert Word2VecLoss(2, 3).noise is None


def test_generator_makes_negatives_reproducible():
    def negatives(seed):
        loss = Word2VecLoss(4, 1000, generator=torch.Generator().manual_seed(seed))
        return loss.sample_negatives(torch.arange(64))[0]

    assert torch.equal(negatives(1), negatives(1))
    assert not torch.equal(negatives(1), negatives(2))


def test_negative_equal_to_positive_is_redrawn():
    loss = Word2VecLoss(
        4, 3, n_negatives=50, generator=torch.Generator().manual_seed(0)
    )
    context = torch.tensor([0, 1, 2, 1])
    negatives, usable = loss.sample_negatives(context)
    assert usable.all()
    assert not (negatives == context[:, None]).any()
    # With one word there is nothing else to draw: the clash is masked instead.
    single = Word2VecLoss(4, 1, n_negatives=3)
    _, usable = single.sample_negatives(torch.tensor([0, 0]))
    assert not usable.any()
    fresh = single(torch.tensor([0, 0]), torch.tensor([0, 0]))
    assert fresh.item() == pytest.approx(math.log(2))


def test_window_context_equals_pairs_one_by_one():
    torch.manual_seed(0)
    loss = Word2VecLoss(6, 40, n_negatives=0, reduction="none")
    with torch.no_grad():
        loss.out_embed.weight.normal_()
    center = torch.tensor([3, 7])
    window = torch.tensor([[1, 2, 5], [8, 9, -100]])
    windowed = loss(center, window)
    assert windowed.shape == (2, 3)
    for b in range(2):
        for w in range(3):
            if window[b, w] == -100:
                assert windowed[b, w] == 0
                continue
            one = loss(center[b : b + 1], window[b, w : w + 1])
            torch.testing.assert_close(windowed[b, w], one[0])
    mean = Word2VecLoss(6, 40, n_negatives=0)
    mean.load_state_dict(loss.state_dict())
    torch.testing.assert_close(mean(center, window), windowed.sum() / 5)


@pytest.mark.parametrize("sparse", [False, True])
def test_sparse_gradients(sparse):
    loss = Word2VecLoss(8, 100, sparse=sparse)
    loss(torch.tensor([1, 2]), torch.tensor([3, 4])).backward()
    assert loss.in_embed.weight.grad.is_sparse == sparse
    optimizer = (torch.optim.SparseAdam if sparse else torch.optim.Adam)(
        list(loss.parameters()), lr=0.01
    )
    optimizer.step()


def test_sparse_and_dense_training_agree():
    def train(sparse):
        torch.manual_seed(0)
        loss = Word2VecLoss(
            8, 30, sparse=sparse, generator=torch.Generator().manual_seed(0)
        )
        optimizer = torch.optim.SGD(loss.parameters(), lr=0.5)
        for step in range(5):
            optimizer.zero_grad()
            loss(torch.arange(10), (torch.arange(10) + step) % 30).backward()
            optimizer.step()
        return loss.embeddings

    torch.testing.assert_close(train(True), train(False))


def test_most_similar_finds_nearest_vectors():
    loss = Word2VecLoss(3, 5)
    with torch.no_grad():
        loss.in_embed.weight.copy_(
            torch.tensor(
                [[1.0, 0, 0], [0.9, 0.1, 0], [0, 1, 0], [-1, 0, 0], [0.5, 0.5, 0]]
            )
        )
    ids, scores = loss.most_similar(0, k=2)
    assert ids.tolist() == [1, 4]
    assert scores[0] == pytest.approx(0.9 / math.hypot(0.9, 0.1))
    assert loss.embeddings.shape == (5, 3)
    with pytest.raises(ValueError, match="word_id 9 is outside the vocabulary"):
        loss.most_similar(9)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_gradcheck_windowed_and_masked(reduction):
    generator = torch.Generator().manual_seed(1)

    def rand(*shape):
        return torch.randn(
            *shape, generator=generator, dtype=torch.float64, requires_grad=True
        )

    mask = torch.rand(3, 2, 4, generator=generator) > 0.3
    assert gradcheck(
        lambda c, u, n: negative_sampling_loss(c, u, n, mask, reduction),
        (rand(3, 5), rand(3, 2, 5), rand(3, 2, 4, 5)),
    )


def test_word_counts_are_checked():
    with pytest.raises(ValueError, match=r"word_counts must have shape \(3,\)"):
        Word2VecLoss(2, 3, word_counts=torch.ones(4))
    with pytest.raises(ValueError, match="finite and non-negative"):
        Word2VecLoss(2, 3, word_counts=torch.tensor([1.0, -1.0, 2.0]))


@pytest.mark.slow
def test_torch_compile_matches_eager():
    def build():
        loss = Word2VecLoss(8, 50, generator=torch.Generator().manual_seed(3))
        with torch.no_grad():
            loss.out_embed.weight.normal_(generator=torch.Generator().manual_seed(4))
        return loss

    center, context = torch.arange(10), torch.arange(10, 30).view(10, 2)
    eager = build()(center, context)
    compiled = torch.compile(build())(center, context)
    torch.testing.assert_close(compiled, eager)
