"""A progress bar on the terminal for work that can take more than a second; none elsewhere.

Drawn by rich (already installed with Textual) on standard error, and only when standard error
is a terminal: a pipe, a file or a script sees the command's output alone. The bar clears itself
when the work ends, leaving the command's own line.
"""

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Step = Callable[[str, int, int], None]
"""(what is being done, done so far, total)."""

WORDS = {"reading": "reading the file", "writing": "writing sessions"}


@contextmanager
def progress_bar(label: str) -> Iterator[Step | None]:
    """A callback that moves a bar on a terminal, or None when standard error is not one."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

    label = escape(label)  # a file name such as "[red]x" is shown, not read as markup
    columns = (TextColumn("{task.description}"), BarColumn(), TaskProgressColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None)

        def step(what: str, done: int, total: int) -> None:
            bar.update(
                task,
                description=f"{label}: {WORDS.get(what, what)}",
                completed=done,
                total=total or None,
            )

        yield step
