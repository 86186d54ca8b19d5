"""duban (督办): extract, store, work and publish a government's commitments."""

__version__ = "0.1.0"
