"""One module per command. Each keeps heavy imports inside its function so that
``intimacy --help`` and the non-interactive commands start fast."""
