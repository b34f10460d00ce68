"""The interactive flows (learn, reflect, journal), written against a prompter and
a journal so they run, and are tested, without a terminal."""
