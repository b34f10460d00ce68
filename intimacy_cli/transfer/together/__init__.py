"""Together: the files two partners exchange (see ``docs/together.md``).

``protocol`` makes and checks each file (pure: bytes in, bytes out),
``words`` holds the safety phrase's word list, ``exchange`` reads and writes
the shared folder and the partner's card, and ``rounds`` is what a profile
does with them: open, seal, release and reveal a round.
"""
