"""Errors that reach the user as one line: where (file, line) and what is wrong."""

from __future__ import annotations

from pathlib import Path


class HybridwatchError(Exception):
    """An expected failure; the CLI prints it as one line and exits with status 1."""


class UsageError(HybridwatchError):
    """The command was asked for something it cannot do as given (exit status 2)."""


class NoCaseError(UsageError):
    """No case folder could be found for a command that needs one."""


class InputError(HybridwatchError):
    """A file cannot be read as the format it claims to be.

    `where` is the locator inside the file (``line 12``, ``db/6.js``) when one is known.
    """

    def __init__(self, path: Path | str, message: str, where: str | None = None) -> None:
        self.path = str(path)
        self.where = where
        self.message = message
        location = f"{self.path}: {where}" if where else self.path
        super().__init__(f"{location}: {message}")
