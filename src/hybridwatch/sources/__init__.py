"""Readers of external formats, registered per kind of data and format."""

# Importing a reader module registers its readers.
from hybridwatch.sources import aircraft as _aircraft  # noqa: F401
from hybridwatch.sources import arms_ledger as _arms_ledger  # noqa: F401
from hybridwatch.sources import documents as _documents  # noqa: F401
from hybridwatch.sources import euvsdisinfo as _euvsdisinfo  # noqa: F401
from hybridwatch.sources import feeds as _feeds  # noqa: F401
from hybridwatch.sources import fr24 as _fr24  # noqa: F401
from hybridwatch.sources import kiel as _kiel  # noqa: F401
from hybridwatch.sources import opensky as _opensky  # noqa: F401
from hybridwatch.sources import oryx as _oryx  # noqa: F401
from hybridwatch.sources import readsb as _readsb  # noqa: F401
from hybridwatch.sources import sipri as _sipri  # noqa: F401
from hybridwatch.sources import statements as _statements  # noqa: F401
from hybridwatch.sources import telegram as _telegram  # noqa: F401
from hybridwatch.sources import traffic_formats as _traffic_formats  # noqa: F401
from hybridwatch.sources.base import Chunk, Reader, Rejection, register, registered

__all__ = ["Chunk", "Reader", "Rejection", "register", "registered"]
