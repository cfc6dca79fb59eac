"""Run a call that touches the shared folder in a daemon thread, and stop waiting after a deadline.

A network share whose server stopped answering (SMB/NFS) blocks `stat`, `listdir` and
`open` for minutes. kkletter never waits for that: the call runs in a daemon thread
(so a hung system call cannot keep the process alive at exit) and the caller gets
`ShareTimeoutError` after `timeout` seconds and carries on with the local copy.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

# How long start-up (app and CLI) waits for the shared folder before using the cached copy.
SHARE_TIMEOUT = 2.0
# How long a manager waits for a save to (or delete from) the shared folder.
SAVE_TIMEOUT = 5.0
# How long `kkletter library check` waits for a whole folder to be read and checked.
CHECK_TIMEOUT = 60.0


class ShareTimeoutError(Exception):
    """The shared folder did not answer within the deadline."""

    def __init__(self, timeout: float) -> None:
        super().__init__(f"no answer within {timeout:g} s")
        self.timeout = timeout


def run_within(call: Callable[[], T], timeout: float, name: str = "kkletter-share") -> T:
    """Return `call()`, or raise `ShareTimeoutError` if it has not returned after `timeout` seconds.

    An exception raised by `call` is raised here. After a timeout the thread is left
    running (a blocked system call cannot be interrupted); it must not change anything
    the caller reads afterwards unless the caller allows it (see `kkletter.library.cache`).
    """
    outcome: list[T] = []
    failure: list[BaseException] = []

    def work() -> None:
        try:
            outcome.append(call())
        except BaseException as exc:  # handed to the waiting caller
            failure.append(exc)

    thread = threading.Thread(target=work, name=name, daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise ShareTimeoutError(timeout)
    if failure:
        raise failure[0]
    return outcome[0]
