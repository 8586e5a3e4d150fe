"""postmortem: blameless post-mortems from incident chat, grounded in the source."""

__version__ = "0.1.0"
