"""Advisory file locks that a filesystem without locks does not turn into failures.

Cluster filesystems may have no advisory locks (Lustre mounted without ``flock``, NFS without
its lock daemon): ``flock`` then fails with ENOLCK, ENOSYS or EOPNOTSUPP. The index's locks
only keep two writers from one file and a cleaner from a file being written, so there the work
goes on unlocked rather than failing.
"""

from __future__ import annotations

import errno
import fcntl
from typing import IO

# What ``flock`` fails with where the filesystem has no locks.
NO_LOCKS = frozenset({errno.ENOLCK, errno.ENOSYS, errno.EOPNOTSUPP, errno.EINVAL})


def lock_exclusive(file: int | IO) -> bool:
    """Wait for an exclusive lock on ``file``: True once held, False where there are no locks."""
    try:
        fcntl.flock(file, fcntl.LOCK_EX)
    except OSError as error:
        if error.errno in NO_LOCKS:
            return False
        raise
    return True


def unlock(file: int | IO) -> None:
    """Release a lock ``lock_exclusive`` took."""
    fcntl.flock(file, fcntl.LOCK_UN)
