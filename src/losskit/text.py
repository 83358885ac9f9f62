"""The text losses under the module name kaira uses, ``losses.text``."""

from .classification import CrossEntropyLoss, LabelSmoothingLoss
from .embedding import CosineSimilarityLoss, Word2VecLoss

__all__ = [
    "CosineSimilarityLoss",
    "CrossEntropyLoss",
    "LabelSmoothingLoss",
    "Word2VecLoss",
]
