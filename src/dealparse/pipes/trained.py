"""The part every trained event component shares: its linear models, saved with the pipeline."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import srsly

from dealparse.errors import DealparseError
from dealparse.pipes.linear import LinearModel


class NotTrainedError(DealparseError):
    """A trained component was run before it was trained or loaded."""


class TrainedPipe:
    """A component holding named :class:`LinearModel` s and its settings; ``to_disk`` /
    ``from_disk`` write one ``NAME.msgpack`` per model and ``cfg.json`` for the settings."""

    model_names: tuple[str, ...] = ()
    settings: tuple[str, ...] = ()
    """The constructor's keyword arguments, kept as attributes: ``cfg``, saved as ``cfg.json``."""
    name = "trained"

    def __init__(self) -> None:
        self.models: dict[str, LinearModel] = {}

    def model(self, name: str) -> LinearModel:
        try:
            return self.models[name]
        except KeyError:
            raise NotTrainedError(
                f"component {self.name!r} has no trained model {name!r}: train it with "
                "`dealparse train --events` or load a trained pipeline"
            ) from None

    @property
    def cfg(self) -> dict[str, object]:
        return {key: getattr(self, key) for key in self.settings}

    def fresh(self):
        """An untrained copy with the same settings."""
        return type(self)(self.name, **self.cfg)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "cfg.json", self.cfg)
        for name, model in self.models.items():
            (path / f"{name}.msgpack").write_bytes(model.to_bytes())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> TrainedPipe:
        path = Path(path)
        for key, value in json.loads((path / "cfg.json").read_text(encoding="utf-8")).items():
            setattr(self, key, value)
        for name in self.model_names:
            file = path / f"{name}.msgpack"
            if file.is_file():
                self.models[name] = LinearModel.from_bytes(file.read_bytes())
        return self
