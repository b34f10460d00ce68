"""intimacy-cli: lessons on the neuroscience of intimacy, with a private journal."""

__version__ = "0.2.0"
