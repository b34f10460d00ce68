"""Getting entries out and back in, each format's export and import side by side.

``formats`` is the registry of export formats (``--format``), ``shapes`` the
public JSON shapes (every ``--json`` output and the export document, see
``docs/json.md``), ``importing`` reads a JSON export back. This package imports
none of them, so ``--json`` output that needs no journal stays quick to start.
"""
