"""hybridwatch: open data on state-backed hybrid operations, turned into checkable evidence."""

__version__ = "0.1.0"
