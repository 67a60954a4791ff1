"""runstrong: a strength-training coach for distance runners."""

__version__ = "0.1.0"
