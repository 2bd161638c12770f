"""One ingest at a time on a data folder.

A second ingest waits for the first (saying so), or with `wait=False` stops at once. The lock is
an OS file lock (filelock), so a killed ingest releases it with its process: no stale lock.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from guide_assistant.errors import DataFolderError, IngestBusyError
from guide_assistant.settings import Settings

log = logging.getLogger(__name__)
LOCK_FILE = "ingest.lock"


def writable_folder(folder: Path) -> Path:
    """`folder`, created if need be; a one-line error if it cannot be written."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise DataFolderError(f"{folder} is a file, not a folder; set GUIDE_DATA_DIR to a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".write-test-{os.getpid()}"
        probe.touch()
        probe.unlink()
    except OSError as exc:
        raise DataFolderError(f"cannot write to {folder} ({exc.strerror or exc}); ingest needs a "
                              "writable data folder (set GUIDE_DATA_DIR)") from None
    return folder


@contextmanager
def ingest_lock(settings: Settings, *, wait: bool = True) -> Iterator[None]:
    lock = FileLock(writable_folder(settings.data_dir) / LOCK_FILE)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if not wait:
            raise IngestBusyError(f"another ingest is running on {settings.data_dir}; try again "
                                  "when it has finished (or leave out --no-wait to wait)") from None
        log.warning("another ingest is running on %s; waiting for it to finish…",
                    settings.data_dir)
        lock.acquire()
    try:
        yield
    finally:
        lock.release()
