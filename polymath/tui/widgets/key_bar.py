"""The keys of the screen in force, on one line; a click presses the key."""

from textual import events
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget


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
            item = Content.assemble(
                (f" {display} ", key_style), (f"{binding.description} ", text_style)
            )
            if is_palette:
                palette = (item, key)
            else:
                items.append((item, key))
        width = self.content_size.width or 80
        state = getattr(self.app, "sync_state", "")
        if state:  # where syncing stands, left of the palette key
            shown = Content.styled(f" {state} ", "$foreground 60%")
            palette = (Content.assemble(shown, palette[0]), palette[1]) if palette else None
        room = width - (palette[0].cell_length + 1 if palette else 0)
        parts: list[Content] = []
        self._spans = []
        x = 0
        for item, key in items:
            if x + item.cell_length > room:
                break
            parts.append(item)
            self._spans.append((x, x + item.cell_length, key))
            x += item.cell_length
        if palette is not None:
            parts.append(Content(" " * (room - x)))
            self._spans.append((room, room + palette[0].cell_length, palette[1]))
            parts.append(palette[0])
        return Content.assemble(*parts)

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
