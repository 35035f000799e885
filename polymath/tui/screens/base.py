"""What every screen of the app shares: the context, and reloading when the data changes."""

from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual.screen import Screen

from polymath.services.context import Context

if TYPE_CHECKING:
    from polymath.tui.app import PolymathApp

STYLES = Path(__file__).parent.parent / "styles"
"""The stylesheets, one a screen; a screen's own is read when it first opens."""


class PolymathScreen(Screen[None]):
    """A screen showing data from the database.

    The app counts changes in ``data_generation``; the current screen reloads at once and the
    others when they come back into view, so hidden screens cost nothing.
    """

    loaded_generation = -1

    @property
    def papp(self) -> "PolymathApp":
        return cast("PolymathApp", self.app)

    @property
    def ctx(self) -> Context:
        return self.papp.ctx

    def on_screen_resume(self) -> None:
        if self.loaded_generation != self.papp.data_generation:
            self.reload()

    def reload(self) -> None:
        """Load the screen's data again (in a worker); subclasses call up first."""
        self.loaded_generation = self.papp.data_generation

    def selected_domain(self) -> str | None:
        """The domain the cursor is on, for ``s`` (timer) and ``l`` (check-in)."""
        return None

    def action_open_domain(self) -> None:
        """Open the highlighted domain's detail (level history and sessions)."""
        name = self.selected_domain()
        if name is not None:
            self.papp.open_domain(name)

    def action_back(self) -> None:
        """Back where we came from: the screen below, or the dashboard when opened as a mode."""
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        else:
            self.papp.action_show("dashboard")
