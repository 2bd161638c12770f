"""Errors a user can act on. Each message says what was wrong and what to do."""


class GuideError(Exception):
    """Base class: the CLI prints these as a one-line message, never a stack trace."""


class CorpusError(GuideError):
    """The corpus folder is missing or holds nothing usable."""


class IndexMissingError(GuideError):
    """No index has been built yet, or it does not match the configured model."""


class SettingsError(GuideError):
    """A setting has a value that cannot work."""


class DataFolderError(GuideError):
    """The data folder cannot be written (read-only, or a file where a folder should be)."""


class IngestBusyError(GuideError):
    """Another ingest holds the data folder's lock."""
