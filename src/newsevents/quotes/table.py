"""A readable table of one article's quotes (the `newsevents quotes FILE` command prints it)."""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table

from newsevents.contract import Quote

_MAX_CONTENT = 300


def _shorten(value: str, limit: int = _MAX_CONTENT) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _speaker_cell(quote: Quote) -> str:
    """Full name, then (dimmed) the mention at the cue when it differs, and the stated role."""
    if quote.speaker is None:
        return "(unknown)"
    cell = escape(quote.speaker.name)
    if quote.speaker.text != quote.speaker.name:
        cell += f"\n[dim]as “{escape(quote.speaker.text)}”[/dim]"
    if quote.speaker.role:
        cell += f"\n[dim]{escape(quote.speaker.role)}[/dim]"
    return cell


def format_quotes_table(text: str, quotes: list[Quote]) -> Table:
    """Who said what: one row per quote with speaker (mention -> full name), cue, content, kind."""
    table = Table(title=f"Quotes ({len(quotes)})", show_lines=True)
    table.add_column("#", justify="right", style="dim")
    table.add_column("speaker", style="bold")
    table.add_column("cue", style="cyan")
    table.add_column("content")
    table.add_column("kind")
    table.add_column("chars", style="dim")
    for number, quote in enumerate(quotes, 1):
        start, end = quote.content.span
        # article text may hold "[...]", which rich would read as markup: escape every text cell
        table.add_row(str(number), _speaker_cell(quote), escape(quote.cue.text), escape(_shorten(text[start:end])),
                      "direct" if quote.direct else "indirect", f"{start}-{end}")
    return table
