"""No screen sends a control character from stored text to the terminal: it is shown, not obeyed."""

import sqlite3

from tui_helpers import settle

from polymath.services.context import Context
from polymath.tui.app import make_app
from polymath.tui.screens.domain_detail import DomainDetailScreen
from polymath.tui.screens.domains import DomainsScreen
from polymath.tui.screens.graph import GraphScreen

HOSTILE = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202egnp [b]markup[/b]"
CONTROLS = ("\x1b", "\x07", "\x9b", "\u202e")


def taint(ctx: Context) -> None:
    """What an older version or a raw edit could have stored."""
    conn = sqlite3.connect(ctx.db_path)
    with conn:
        conn.execute("UPDATE learning_session SET note = ?", (HOSTILE,))
        conn.execute("UPDATE domain SET name = 'UX\x9b2J design' WHERE name = 'UX design'")
    conn.close()


async def test_domain_screens_show_hostile_text_as_visible_symbols(demo: Context) -> None:
    taint(demo)
    app = make_app(demo, watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        for screen in (DomainsScreen(), DomainDetailScreen("Spanish"), GraphScreen()):
            await app.push_screen(screen)
            await settle(pilot)
            shot = app.export_screenshot()
            for control in CONTROLS:
                assert control not in shot, (type(screen).__name__, repr(control))
            await app.pop_screen()
        await app.push_screen(DomainDetailScreen("Spanish"))
        await settle(pilot)
        shot = app.export_screenshot()
        assert "␛]0;pwned" in shot  # the escape is visible as a symbol
        assert "[b]markup[/b]" in shot  # and brackets are text, not markup
