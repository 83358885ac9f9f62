"""The registry, as code written for kaira's LossRegistry uses it."""

from __future__ import annotations

import pytest
import torch

from losskit import (
    BaseLoss,
    CosineSimilarityLoss,
    CrossEntropyLoss,
    LabelSmoothingLoss,
    LossRegistry,
    Word2VecLoss,
    register_loss,
)

BUILT_IN = {
    "crossentropyloss": CrossEntropyLoss,
    "labelsmoothingloss": LabelSmoothingLoss,
    "word2vecloss": Word2VecLoss,
    "cosinesimilarityloss": CosineSimilarityLoss,
}


@pytest.fixture(autouse=True)
def clean_registry():
    saved = dict(LossRegistry._losses)
    yield
    LossRegistry._losses.clear()
    LossRegistry._losses.update(saved)


def test_built_in_names():
    for name, cls in BUILT_IN.items():
        assert LossRegistry.get(name) is cls
    assert set(BUILT_IN) <= set(LossRegistry.list_losses())


def test_create_with_kwargs():
    loss = LossRegistry.create("labelsmoothingloss", smoothing=0.1, classes=5)
    assert isinstance(loss, LabelSmoothingLoss)
    assert (loss.smoothing, loss.classes) == (0.1, 5)
    w2v = LossRegistry.create("word2vecloss", embedding_dim=8, vocab_size=20)
    assert w2v.in_embed.weight.shape == (20, 8)
    assert LossRegistry.create("cosinesimilarityloss", margin=0.2).margin == 0.2
    ce = LossRegistry.create("crossentropyloss", ignore_index=0, label_smoothing=0.1)
    assert (ce.ignore_index, ce.label_smoothing) == (0, 0.1)


def test_lookup_ignores_case_and_accepts_class_name():
    assert LossRegistry.get("LabelSmoothingLoss") is LabelSmoothingLoss
    assert LossRegistry.get("CROSSENTROPYLOSS") is CrossEntropyLoss


def test_kaira_style_registration():
    class DummyLoss(BaseLoss):
        def __init__(self, value=0.5):
            super().__init__()
            self.value = value

        def forward(self, *args, **kwargs):
            return torch.tensor(self.value)

    LossRegistry.register("dummy", DummyLoss)
    assert LossRegistry._losses["dummy"] is DummyLoss
    assert LossRegistry.create("dummy", value=2.0)().item() == 2.0

    @LossRegistry.register_loss()
    class MyLoss(DummyLoss):
        pass

    @register_loss("named")
    class Other(DummyLoss):
        pass

    assert LossRegistry.get("myloss") is MyLoss
    assert LossRegistry.get("named") is Other
    assert LossRegistry.list_losses() == sorted(LossRegistry.list_losses())


def test_unknown_name_lists_available_and_close_matches():
    with pytest.raises(KeyError) as error:
        LossRegistry.get("labelsmothingloss")
    message = str(error.value)
    assert "'labelsmothingloss'" in message
    assert "Did you mean 'labelsmoothingloss'" in message
    for name in BUILT_IN:
        assert name in message


def test_unknown_kwarg_names_loss_and_accepted_arguments():
    with pytest.raises(TypeError) as error:
        LossRegistry.create("labelsmoothingloss", smoothin=0.1)
    message = str(error.value)
    assert "LabelSmoothingLoss" in message
    assert "smoothin" in message
    assert "smoothing" in message and "classes" in message


def test_taken_name_raises_unless_overwrite():
    class Replacement(BaseLoss):
        def forward(self, x):
            return x

    with pytest.raises(ValueError, match="already registered"):
        LossRegistry.register("crossentropyloss", Replacement)
    LossRegistry.register("CrossEntropyLoss", Replacement, overwrite=True)
    assert LossRegistry.get("crossentropyloss") is Replacement
