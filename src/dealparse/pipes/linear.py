"""A small sparse linear classifier: named binary features in, label probabilities out.

The event components learn from a few hundred articles; a regularized logistic model
over readable features (morphemes, particles, lexicon hits, distances) trains in seconds,
cross-validates in a minute, and its weights can be read (:meth:`LinearModel.top_features`).
``multilabel=True`` gives one independent sigmoid per label; otherwise a softmax.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
import srsly

Features = Sequence[str]


class LinearModel:
    """Logistic regression over binary named features, trained with AdaGrad and L2;
    ``average`` returns the mean of the weights after each epoch of the second half
    (steadier than the last epoch's weights)."""

    def __init__(
        self,
        labels: Sequence[str],
        *,
        multilabel: bool = False,
        epochs: int = 12,
        learn_rate: float = 0.2,
        l2: float = 1e-4,
        min_count: int = 1,
        average: bool = True,
        seed: int = 0,
    ) -> None:
        if not labels:
            raise ValueError("a LinearModel needs at least one label")
        self.labels = list(labels)
        self.multilabel = multilabel
        self.epochs = epochs
        self.learn_rate = learn_rate
        self.l2 = l2
        self.min_count = min_count
        self.average = average
        self.seed = seed
        self.vocab: dict[str, int] = {}
        self.W = np.zeros((0, len(self.labels)), dtype=np.float32)
        self.b = np.zeros(len(self.labels), dtype=np.float32)

    @property
    def is_trained(self) -> bool:
        return bool(self.vocab)

    def _index(self, feats: Features) -> np.ndarray:
        vocab = self.vocab
        return np.fromiter({vocab[f] for f in feats if f in vocab}, dtype=np.int64)

    def _target(self, gold: str | Sequence[str]) -> np.ndarray:
        y = np.zeros(len(self.labels), dtype=np.float32)
        for label in [gold] if isinstance(gold, str) else gold:
            y[self.labels.index(label)] = 1.0
        return y

    def fit(self, X: Sequence[Features], Y: Sequence[str | Sequence[str]]) -> LinearModel:
        """Train on feature lists ``X`` and gold labels ``Y`` (a label, or a list of labels when
        multilabel; an empty list is a negative for every label)."""
        if len(X) != len(Y):
            raise ValueError(f"{len(X)} feature rows but {len(Y)} labels")
        counts = Counter(f for feats in X for f in set(feats))
        self.vocab = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= self.min_count))}
        n_feat, n_lab = len(self.vocab), len(self.labels)
        self.W = np.zeros((n_feat, n_lab), dtype=np.float32)
        self.b = np.zeros(n_lab, dtype=np.float32)
        if not X:
            return self
        gW = np.full((n_feat, n_lab), 1e-6, dtype=np.float32)
        gb = np.full(n_lab, 1e-6, dtype=np.float32)
        rows = [self._index(feats) for feats in X]
        targets = [self._target(y) for y in Y]
        rng = np.random.default_rng(self.seed)
        order = np.arange(len(rows))
        sum_W, sum_b, n_avg = np.zeros_like(self.W), np.zeros_like(self.b), 0
        for epoch in range(self.epochs):
            rng.shuffle(order)
            for i in order:
                idx, y = rows[i], targets[i]
                grad = self._probs(idx) - y
                g = np.outer(np.ones(len(idx), dtype=np.float32), grad) + self.l2 * self.W[idx]
                gW[idx] += g * g
                self.W[idx] -= self.learn_rate * g / np.sqrt(gW[idx])
                gb += grad * grad
                self.b -= self.learn_rate * grad / np.sqrt(gb)
            if self.average and 2 * epoch >= self.epochs:
                sum_W += self.W
                sum_b += self.b
                n_avg += 1
        if n_avg:
            self.W, self.b = sum_W / n_avg, sum_b / n_avg
        return self

    def _probs(self, idx: np.ndarray) -> np.ndarray:
        z = self.W[idx].sum(axis=0) + self.b
        if self.multilabel:
            return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        z = np.exp(z - z.max())
        return z / z.sum()

    def predict_proba(self, feats: Features) -> dict[str, float]:
        """The probability of each label for one feature list."""
        probs = self._probs(self._index(feats))
        return {label: float(p) for label, p in zip(self.labels, probs, strict=True)}

    def top_features(self, label: str, n: int = 20) -> list[tuple[str, float]]:
        """The features that weigh most for ``label`` (to read what the model learned)."""
        column = self.W[:, self.labels.index(label)]
        names = sorted(self.vocab, key=self.vocab.__getitem__)
        best = np.argsort(-column)[:n]
        return [(names[i], float(column[i])) for i in best]

    def to_bytes(self) -> bytes:
        names = sorted(self.vocab, key=self.vocab.__getitem__)
        return srsly.msgpack_dumps(
            {
                "labels": self.labels,
                "multilabel": self.multilabel,
                "features": names,
                "W": self.W.astype(np.float32).tobytes(),
                "b": self.b.astype(np.float32).tobytes(),
            }
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> LinearModel:
        msg = srsly.msgpack_loads(data)
        model = cls(msg["labels"], multilabel=msg["multilabel"])
        model.vocab = {f: i for i, f in enumerate(msg["features"])}
        model.W = np.frombuffer(msg["W"], dtype=np.float32).reshape(len(model.vocab), len(model.labels)).copy()
        model.b = np.frombuffer(msg["b"], dtype=np.float32).copy()
        return model
