"""A fused, chunked cross-entropy against smoothed one-hot targets.

For logits :math:`x \\in \\mathbb{R}^{M \\times K}`, class-index targets
:math:`y`, per-class weights :math:`w` and a target distribution
:math:`q_c = a\\,[c = y] + b` (plain cross-entropy: ``a=1, b=0``; torch's
label smoothing: ``a=1-s, b=s/K``), the loss of row :math:`i` is

.. math::

    \\ell_i = \\sum_c q_c w_c (\\operatorname{lse}_i - x_{ic})
            = a\\,w_{y_i}(\\operatorname{lse}_i - x_{i y_i})
              + b\\,(\\operatorname{lse}_i \\textstyle\\sum_c w_c - \\sum_c w_c x_{ic})

and its gradient is
:math:`g_i\\,[(a w_{y_i} + b \\sum_c w_c)\\,p_{ic} - a\\,w_{y_i}[c = y_i] - b\\,w_c]`.

Neither form needs the log-probabilities or the one-hot target as tensors:
the forward pass keeps only the row's log-sum-exp, and the backward pass
writes softmax and correction straight into the gradient, a block of rows at a
time. Half-precision inputs are computed in float32 block by block.
"""

from __future__ import annotations

import torch
from torch import Tensor

# Rows per block: about 1 MiB of float32 logits, so a block stays in cache
# between the passes over it.
_BLOCK_ELEMENTS = 1 << 18


def _rows_per_block(num_classes: int) -> int:
    return max(1, _BLOCK_ELEMENTS // max(num_classes, 1))


def _row_weights(
    target: Tensor, weight: Tensor | None, valid: Tensor, dtype: torch.dtype
) -> Tensor:
    """:math:`w_{y_i}` for each row, zero where the target is ignored."""
    safe = torch.where(valid, target, 0)
    if weight is None:
        return valid.to(dtype)
    return weight.to(dtype)[safe] * valid


class _SmoothedCrossEntropy(torch.autograd.Function):
    @staticmethod
    def forward(ctx, logits, target, weight, ignore_index, a, b):
        rows, num_classes = logits.shape
        compute = torch.promote_types(logits.dtype, torch.float32)
        valid = target != ignore_index
        safe_target = torch.where(valid, target, 0)
        w_target = _row_weights(target, weight, valid, compute)
        w = None if weight is None else weight.to(compute)
        w_sum = float(num_classes) if w is None else w.sum()

        lse = torch.empty(rows, dtype=compute, device=logits.device)
        loss = torch.empty(rows, dtype=compute, device=logits.device)
        step = _rows_per_block(num_classes)
        for start in range(0, rows, step):
            block = logits[start : start + step].to(compute)
            peak = block.amax(dim=1, keepdim=True)
            # exp() of a block is the only temporary as large as the block.
            block_lse = (block - peak).exp_().sum(dim=1).log_().add_(peak.squeeze(1))
            lse[start : start + step] = block_lse
            rows_here = slice(start, start + step)
            picked = block.gather(1, safe_target[rows_here, None]).squeeze(1)
            value = a * w_target[rows_here] * (block_lse - picked)
            if b != 0.0:
                weighted_sum = block.sum(dim=1) if w is None else block @ w
                value = value + b * (block_lse * w_sum - weighted_sum)
            loss[rows_here] = torch.where(valid[rows_here], value, 0.0)

        ctx.save_for_backward(logits, safe_target, valid, w_target, lse, w)
        ctx.a, ctx.b, ctx.w_sum = a, b, w_sum
        return loss.to(logits.dtype)

    @staticmethod
    def backward(ctx, grad_loss):
        logits, safe_target, valid, w_target, lse, w = ctx.saved_tensors
        a, b, w_sum = ctx.a, ctx.b, ctx.w_sum
        rows, num_classes = logits.shape
        compute = lse.dtype
        g = torch.where(valid, grad_loss.to(compute), 0.0)
        scale = g * (a * w_target + b * w_sum)
        # The one buffer as large as the logits: the gradient itself.
        grad = torch.empty(logits.shape, dtype=logits.dtype, device=logits.device)
        in_place = grad.dtype == compute
        step = _rows_per_block(num_classes)
        for start in range(0, rows, step):
            rows_here = slice(start, start + step)
            out = grad[rows_here] if in_place else None
            # softmax(x) * scale, written into the gradient's rows.
            out = torch.sub(logits[rows_here], lse[rows_here, None], out=out)
            out.exp_().mul_(scale[rows_here, None])
            if b != 0.0:
                uniform = g[rows_here, None] * b
                out.sub_(uniform if w is None else uniform * w)
            out.scatter_add_(
                1,
                safe_target[rows_here, None],
                (-a * w_target[rows_here] * g[rows_here])[:, None],
            )
            if not in_place:
                grad[rows_here] = out
        return grad, None, None, None, None, None


def smoothed_cross_entropy_rows(
    logits: Tensor,
    target: Tensor,
    weight: Tensor | None,
    ignore_index: int,
    a: float,
    b: float,
) -> Tensor:
    """Per-row losses of ``(M, K)`` logits against ``q = a·onehot(y) + b``.

    Ignored rows give 0. Inputs are assumed validated.
    """
    return _SmoothedCrossEntropy.apply(logits, target, weight, ignore_index, a, b)


def smoothed_cross_entropy_reference(
    logits: Tensor,
    target: Tensor,
    weight: Tensor | None,
    ignore_index: int,
    a: float,
    b: float,
) -> Tensor:
    """The same per-row losses, computed plainly (for torch.compile and tests)."""
    compute = torch.promote_types(logits.dtype, torch.float32)
    x = logits.to(compute)
    valid = target != ignore_index
    safe = torch.where(valid, target, 0)
    w = (
        torch.ones(x.shape[1], dtype=compute, device=x.device)
        if weight is None
        else (weight.to(compute))
    )
    neg_log_p = -x.log_softmax(dim=1)
    q = b + a * torch.nn.functional.one_hot(safe, x.shape[1]).to(compute)
    loss = (q * w * neg_log_p).sum(dim=1)
    return torch.where(valid, loss, 0.0).to(logits.dtype)
