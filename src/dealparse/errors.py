"""Errors raised by dealparse; every public failure is a subclass of ``DealparseError``."""

from __future__ import annotations


class DealparseError(Exception):
    """Base class of all dealparse errors."""


class InvalidInputError(DealparseError, ValueError):
    """The input text or an argument is unusable (wrong type, too long, malformed date)."""


class ModelNotFoundError(DealparseError, FileNotFoundError):
    """A pipeline or model directory could not be found or loaded."""
