"""Files written whole or not at all: a temporary name in the same folder, then a rename.

Why one helper: exports, uploaded evidence and the public site's build record are all
read by something else while they may be being written (a web server, a second
request, the next build); a rename is the one step that never shows half a file.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def replace_file(target: Path, data: bytes, *, readable_by_others: bool) -> None:
    """Write ``data`` to ``target`` through a temporary file in its folder and a rename.

    ``readable_by_others``: the file gets the mode an ordinary ``open`` would give
    (0644 under the usual umask) so a web server running as another user can serve it;
    otherwise it stays 0600, as ``mkstemp`` makes it.
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        if readable_by_others:
            os.fchmod(fd, 0o666 & ~current_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
