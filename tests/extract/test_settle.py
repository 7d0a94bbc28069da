"""A batch process's one-time settling of its setup objects."""

from __future__ import annotations

import gc
import weakref

from kg.extract.text.extractor import settle_setup


class _Node:
    def __init__(self) -> None:
        self.itself = self


def test_settling_collects_garbage_and_freezes_what_is_alive() -> None:
    alive, dropped = _Node(), _Node()
    gone = weakref.ref(dropped)
    del dropped
    try:
        settle_setup()
        assert gone() is None
        assert gc.get_freeze_count() > 0
        assert not any(o is alive for o in gc.get_objects())
    finally:
        gc.unfreeze()
    assert any(o is alive for o in gc.get_objects())
