"""Named stages of scoring one page, so that `provenance bench` can say where the time goes.

The engine marks each stage with `with stage("name"):`; untimed (the default), a mark costs one
call that returns a shared no-op context.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any

Stage = Callable[[str], AbstractContextManager[Any]]
_UNTIMED: AbstractContextManager[Any] = nullcontext()


def untimed(_name: str) -> AbstractContextManager[Any]:
    return _UNTIMED
