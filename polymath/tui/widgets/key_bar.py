"""The keys of the screen in force, on one line; a click presses the key."""

from textual import events
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget

ALWAYS_SHOWN = frozenset({"u", "question_mark"})
"""Keys kept on a narrow bar when others give way: undo, and the help that lists the rest."""


class KeyBar(Widget):
    """What Textual's Footer shows, drawn as one widget.

    Footer mounts a widget per key and mounts them again whenever the bindings change; on the
    dashboard that was a tenth of a second of the time to first paint.
    """

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-description-foreground;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._spans: list[tuple[int, int, str]] = []
        """Where each key is drawn (start, end) and the key it presses when clicked."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def _bindings_changed(self, _screen: Screen[object]) -> None:
        self.refresh()

    def render(self) -> Content:
        width = self.content_size.width or 80
        state = getattr(self.app, "sync_state", "")
        # The roomiest layout that shows every key: on a narrow bar the palette's word goes, then
        # the space before each key.
        for tight in (0, 1, 2):
            items, palette = self._items(tight=tight >= 2, bare_palette=tight >= 1)
            if state:  # where syncing stands, left of the palette key
                where = Content.styled(f" {state} ", "$foreground 60%")
                palette = (Content.assemble(where, palette[0]), palette[1]) if palette else None
            room = width - (palette[0].cell_length + 1 if palette else 0)
            if sum(item.cell_length for item, _ in items) <= room:
                break
        # Undo and help always show; the other keys, in their order, while there is room.
        shown = {key for _, key in items if key in ALWAYS_SHOWN}
        used = sum(item.cell_length for item, key in items if key in shown)
        for item, key in items:
            if key in shown:
                continue
            if used + item.cell_length > room:
                break  # the keys after it give way too, so none jumps a gap
            shown.add(key)
            used += item.cell_length
        parts: list[Content] = []
        self._spans = []
        x = 0
        for item, key in items:
            if key in shown and x + item.cell_length <= room:
                parts.append(item)
                self._spans.append((x, x + item.cell_length, key))
                x += item.cell_length
        if palette is not None:
            parts.append(Content(" " * (room - x)))
            self._spans.append((room, room + palette[0].cell_length, palette[1]))
            parts.append(palette[0])
        return Content.assemble(*parts)

    def _items(
        self, *, tight: bool, bare_palette: bool
    ) -> tuple[list[tuple[Content, str]], tuple[Content, str] | None]:
        """Each shown key with its description, and the palette's key (last, on the right)."""
        items: list[tuple[Content, str]] = []
        palette: tuple[Content, str] | None = None
        seen: set[str] = set()
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            is_palette = key == self.app.COMMAND_PALETTE_BINDING
            if not (binding.show or is_palette) or binding.action in seen:
                continue
            seen.add(binding.action)
            display = self.app.get_key_display(binding)
            key_style = "bold $footer-key-foreground" if active.enabled else "$foreground 40%"
            text_style = "" if active.enabled else "$foreground 40%"
            if is_palette:
                described = "" if bare_palette else f"{binding.description} "
                item = Content.assemble((f" {display} ", key_style), (described, text_style))
                palette = (item, key)
                continue
            item = Content.assemble(
                (f"{'' if tight else ' '}{display} ", key_style),
                (f"{binding.description} ", text_style),
            )
            items.append((item, key))
        return items, palette

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
