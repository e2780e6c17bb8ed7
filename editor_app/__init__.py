"""Caption Desk: captions and credits for news photo desks."""

__version__ = "0.1.0"
