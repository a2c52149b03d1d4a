"""The views pause the garbage collector while they build (:mod:`kg._gc` says why)."""

from kg._gc import gc_paused, without_gc

__all__ = ["gc_paused", "without_gc"]
