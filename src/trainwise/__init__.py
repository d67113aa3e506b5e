"""trainwise: an open-source personal-training system."""

__version__ = "0.1.0"
