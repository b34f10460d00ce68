"""The reports a person has made (``intimacy report --history``), as a table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from intimacy_cli.base.text import counted
from intimacy_cli.reports.entry_text import local_stamp
from intimacy_cli.store.entry import parse_time
from intimacy_cli.ui import console

if TYPE_CHECKING:
    from rich.table import Table

    from intimacy_cli.store.receipts import Receipt

SHA_SHOWN = 12


def receipts_table(receipts: Sequence[Receipt]) -> Table:
    """When, what (entries, or completion only), which homework, format, file and sha256."""
    from rich.table import Table

    table = Table(box=None, pad_edge=False, header_style="bold")
    for name in ("Made", "Shared", "Homework", "Format", "File", "sha256"):
        table.add_column(name, overflow="fold")
    for receipt in receipts:
        shared = counted(len(receipt.entries), "entry", "entries")
        if receipt.status_only:
            shared += ", completion only"
        table.add_row(
            local_stamp(parse_time(receipt.shared_at)),
            shared,
            console.literal(receipt.homework or "-"),
            receipt.format,
            console.literal(receipt.file or "(printed)"),
            receipt.sha256[:SHA_SHOWN],
        )
    return table
