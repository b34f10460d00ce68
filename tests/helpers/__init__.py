"""Everything the tests share that is not a fixture (fixtures live in
``tests/conftest.py``). Import from the module that names the job:

* :mod:`helpers.app`: running the app (in a subprocess), the fixture folders, and
  how long a step may take before it counts as hung (:data:`helpers.app.PATIENCE`);
* :mod:`helpers.entries`: journal entries written at chosen local times, and
  reading a lesson's answers back;
* :mod:`helpers.store`: a hand-moved clock, a cheap key-derivation cost, and
  looking at the files of a data folder;
* :mod:`helpers.scripted`: a prompter that answers from a script;
* :mod:`helpers.terminal`: the app in a real pseudo-terminal (pexpect), typing
  only once a prompt has taken the terminal.
"""
