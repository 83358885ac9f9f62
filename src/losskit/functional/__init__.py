"""Functional forms of the losskit losses: plain functions over tensors."""

from .classification import cross_entropy, label_smoothing_cross_entropy
from .embedding import cosine_similarity_loss, negative_sampling_loss

__all__ = [
    "cosine_similarity_loss",
    "cross_entropy",
    "label_smoothing_cross_entropy",
    "negative_sampling_loss",
]
