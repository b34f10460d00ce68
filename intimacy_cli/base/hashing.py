"""blake2b, the hash the app checks its own files with, without OpenSSL.

Importing :mod:`hashlib` loads OpenSSL for every other algorithm (about 2 ms
of every command's start); blake2 is a module of its own in CPython.
"""

try:
    from _blake2 import blake2b
except ImportError:  # a Python built without it
    from hashlib import blake2b

__all__ = ["blake2b"]
