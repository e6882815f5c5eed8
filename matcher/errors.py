"""The one error family the library raises; only the CLI turns it into an exit status."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILURE = 1  # reserved for unexpected internal errors (a bug): traceback with --debug
EXIT_BAD_INPUT = 2  # any MatcherError: bad file, bad option, missing model


class MatcherError(Exception):
    """A problem the user can fix, described in one line."""

    exit_code = EXIT_BAD_INPUT


class InputError(MatcherError):
    """A file that cannot be read as a posting or résumé."""

    def __init__(self, path: str, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class NoRequirementsError(InputError):
    """A posting in which no requirement could be found."""


class NoEvidenceError(InputError):
    """A résumé with nothing to score: no line beyond a name and contact details."""


class ModelError(MatcherError):
    """An encoder that cannot be located or loaded."""


class MatcherWarning(UserWarning):
    """Something the user should know that did not stop the work; the CLI prints it as one
    line (``matcher: warning: ...``)."""
