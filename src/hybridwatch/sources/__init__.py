"""Readers of external formats, registered per kind of data and format."""

from hybridwatch.sources import aircraft as _aircraft  # noqa: F401 (registers its readers)
from hybridwatch.sources.base import Chunk, Reader, Rejection, register, registered

__all__ = ["Chunk", "Reader", "Rejection", "register", "registered"]
