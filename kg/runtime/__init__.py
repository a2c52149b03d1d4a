"""How kg runs long work: progress callbacks (:mod:`~kg.runtime.progress`) and pauses of
the garbage collector while millions of objects are made (:mod:`~kg.runtime.gc_pause`).

Neither imports anything of kg's, so every layer may use them.
"""
