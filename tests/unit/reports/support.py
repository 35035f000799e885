"""What the page tests share: the page read back as a browser's parser reads it."""

from html.parser import HTMLParser


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


ALLOWED_TAGS = words(
    "html head meta title style body main header footer section h1 h2 h3 p span bdi div dl dt dd "
    "ul li table thead tbody tr th td svg desc rect line text"
)
"""Every element the page may hold: none of them loads anything by itself."""
LOADING_ATTRIBUTES = words(
    "src srcset href xlink:href action formaction poster data background ping manifest cite "
    "longdesc lowsrc dynsrc"
)
"""Attributes that make a browser fetch (or offer to fetch) a resource."""
LOADING_CSS = ("url(", "@import", "image-set(", "@font-face")


class Page(HTMLParser):
    """The elements, attributes, text and style of a page, as parsed."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[str] = []
        self.styles: list[str] = []
        self._open: list[str] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        self._open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        while self._open and self._open.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        (self.styles if self._open[-1:] == ["style"] else self.texts).append(data)

    @property
    def text(self) -> str:
        """What a reader sees (and what a screen reader reads of the charts' titles)."""
        return "".join(self.texts)

    def tags(self) -> set[str]:
        return {tag for tag, _ in self.elements}

    def of(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.elements if name == tag]

    def what_would_load(self) -> list[str]:
        """Every element, attribute or style rule that would make a browser fetch something."""
        found = [f"<{tag}>" for tag in sorted(self.tags() - ALLOWED_TAGS)]
        for tag, attrs in self.elements:
            found += [
                f"<{tag} {name}>"
                for name in attrs
                if name in LOADING_ATTRIBUTES or name.startswith("on")
            ]
            if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
                found.append("<meta refresh>")
            style = attrs.get("style") or ""
            found += [f"<{tag} style {bad}>" for bad in LOADING_CSS if bad in style.lower()]
        css = "".join(self.styles).lower()
        found += [f"<style> {bad}" for bad in LOADING_CSS if bad in css]
        return found
