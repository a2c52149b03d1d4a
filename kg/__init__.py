"""claimgraph: who said what, about whom, and where they contradict each other."""

__version__ = "0.1.0"
