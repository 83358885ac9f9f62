"""losskit: loss functions for NLP in PyTorch."""

from . import functional, text
from .base import BaseLoss
from .classification import CrossEntropyLoss, LabelSmoothingLoss
from .embedding import CosineSimilarityLoss, Word2VecLoss
from .registry import LossRegistry, register_loss

__version__ = "0.1.0"

__all__ = [
    "BaseLoss",
    "CosineSimilarityLoss",
    "CrossEntropyLoss",
    "LabelSmoothingLoss",
    "LossRegistry",
    "Word2VecLoss",
    "functional",
    "register_loss",
    "text",
]
