"""intimacy-cli: lessons on the neuroscience of intimacy, with a private journal."""

import gc

__version__ = "0.2.0"

# Every command starts by importing tens of thousands of objects (modules,
# functions, classes: Typer's and the app's) and makes next to no reference
# cycles; with the default threshold (700) the cyclic collector walked them
# over and over, some 40 times in adding one entry (milliseconds of it). Set
# before anything else is imported (this package is the first), it collects
# after 100,000 new objects instead: none in a journal command, and the odd
# one in the biggest (the JSON export of 100,000 entries made none either).
gc.set_threshold(100_000)
