"""The heatmap's five shades stay five colours on a terminal of 256 colours in every built-in
colour theme; the two ANSI themes, whose colours cannot be mixed, use the terminal's greens."""

import pytest
from rich.color import ColorSystem
from textual.app import App
from textual.color import Color
from textual.theme import BUILTIN_THEMES

from polymath.tui.widgets.heatmap import ALPHAS, ANSI_SHADES, shades


def in_256(colour: str) -> int | None:
    return Color.parse(colour).rich_color.downgrade(ColorSystem.EIGHT_BIT).number


def theme_colours(theme: str) -> tuple[str, str, str]:
    app = App[None]()
    app.theme = theme
    variables = app.get_css_variables()
    return variables["background"], variables["foreground"], variables["success"]


@pytest.mark.parametrize("theme", sorted(BUILTIN_THEMES))
def test_the_five_shades_are_five_colours_in_256(theme: str) -> None:
    background, foreground, success = theme_colours(theme)
    palette = shades(background, foreground, success)
    if palette == ANSI_SHADES:
        assert Color.parse(success).ansi is not None  # the terminal's own colours
        assert len(set(palette)) == 5
        return
    assert len({in_256(c) for c in palette}) == 5, palette
    assert palette[-1] == Color.parse(success).hex  # the strongest level is the theme's colour


def test_the_default_dark_theme_needs_a_nudge_and_keeps_its_ends() -> None:
    background, foreground, success = theme_colours("textual-dark")
    base, colour = Color.parse(background), Color.parse(success)
    intended = [base.blend(colour, alpha).hex for alpha in ALPHAS]
    assert in_256(intended[2]) == in_256(intended[3])  # 85% and 100% round to one colour
    palette = shades(background, foreground, success)
    assert (palette[1], palette[4]) == (intended[0], intended[3])
    assert palette[3] != intended[2]  # made fainter until it is a colour of its own
