"""How another tracker's projects and tags become Polymath domains, kinds and notes.

The user's maps come first: a tag or project named in the domain map names that domain, a tag
named in the kind map that kind. Map keys match as domain names do (``name_key``: case and
spacing aside). A tag no map names is a kind when ``parse_kind`` reads it as one.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from polymath.core.errors import ImportFailed, InvalidInput
from polymath.core.kinds import parse_kind
from polymath.core.names import name_key
from polymath.core.text import clean_name
from polymath.importers.checks import Names, check_note
from polymath.importers.messages import show


@dataclass(frozen=True, slots=True)
class TagSplit:
    """What an interval's tags say: its domain (or the tags that could each name it), its kind,
    and the tags left for the note."""

    domain: str | None
    candidates: tuple[str, ...]
    """Tags that could each name the domain, when no map settles which: the import cannot tell."""
    kind: str | None
    others: tuple[str, ...]


class TagRules:
    """The user's maps, checked once, and what each tag of a file means under them."""

    __slots__ = (
        "_domains",
        "_kinds",
        "_notes",
        "_seen_kinds",
        "_seen_targets",
        "default_kind",
        "names",
    )

    def __init__(
        self,
        domain_map: Mapping[str, str] | None = None,
        kind_map: Mapping[str, str] | None = None,
        default_kind: str = "read",
    ) -> None:
        """Check the maps before any record, so that a typo in them is named as the user's."""
        self._domains: dict[str, str] = {}
        for source, target in (domain_map or {}).items():
            try:
                self._domains[name_key(source)] = clean_name(target)
            except InvalidInput as exc:
                raise InvalidInput(f"domain map {show(source)}: {exc}") from None
        self._kinds: dict[str, str] = {}
        for tag, kind in (kind_map or {}).items():
            try:
                self._kinds[name_key(tag)] = parse_kind(kind)
            except InvalidInput as exc:
                raise InvalidInput(f"kind map {show(tag)}: {exc}") from None
        self.default_kind = parse_kind(default_kind)
        self.names = Names()
        self._seen_targets: dict[str, str | None] = {}
        self._seen_kinds: dict[str, str | None] = {}
        self._notes: dict[tuple[str, ...], str | None] = {}

    def mapped_domain(self, tag: str) -> str | None:
        """The domain the user's map gives this tag or project, if any."""
        try:
            return self._seen_targets[tag]
        except KeyError:
            target = self._domains.get(name_key(tag)) if self._domains else None
            self._seen_targets[tag] = target
            return target

    def kind_of(self, tag: str) -> str | None:
        """The kind a tag names: the kind map first, then any word ``parse_kind`` accepts.

        A tag the domain map names is never a kind.
        """
        try:
            return self._seen_kinds[tag]
        except KeyError:
            key = name_key(tag)
            kind = self._kinds.get(key)
            if kind is None and key not in self._domains:
                try:
                    kind = parse_kind(tag)
                except InvalidInput:
                    kind = None
            self._seen_kinds[tag] = kind
            return kind

    def domain_of(self, project: object, what: str = "project") -> str:
        """The domain a project stands for: the map's, else the project's own name."""
        if not isinstance(project, str):
            raise ImportFailed(f"{what} {show(project)} is not text")
        return self.mapped_domain(project) or self.names.check(project, what)

    def kind_and_others(self, tags: Iterable[str]) -> tuple[str, tuple[str, ...]]:
        """The first tag naming a kind (else the default kind), and every other tag in order."""
        kind = None
        others = []
        for tag in tags:
            tag_kind = self.kind_of(tag)
            if kind is None and tag_kind is not None:
                kind = tag_kind
            else:
                others.append(tag)
        return kind or self.default_kind, tuple(others)

    def tags_note(self, tags: tuple[str, ...]) -> str | None:
        """``tags_note`` of leftover tags alone, made once per set of tags (frames repeat them)."""
        try:
            return self._notes[tags]
        except KeyError:
            note = self._notes[tags] = tags_note(None, tags)
            return note

    def split(self, tags: Sequence[str]) -> TagSplit:
        """Timewarrior's tags, which hold the domain among them (sorted, so order tells nothing).

        A tag the domain map names wins; else the one tag that is no kind names the domain.
        Several such tags, or mapped tags naming different domains, leave the domain unknown.
        """
        kind = None
        mapped: list[str] = []
        targets: list[str] = []
        free: list[str] = []
        used: set[str] = set()
        for tag in tags:
            target = self.mapped_domain(tag)
            if target is not None:
                mapped.append(tag)
                if target not in targets:
                    targets.append(target)
                continue
            tag_kind = self.kind_of(tag)
            if tag_kind is not None and kind is None:
                kind = tag_kind
                used.add(tag)
            elif tag_kind is None and name_key(tag) not in {name_key(other) for other in free}:
                free.append(tag)  # "Piano" and "piano" name one domain
        if len(targets) == 1:
            domain: str | None = targets[0]
            used.update(mapped)
            candidates: tuple[str, ...] = ()
        elif targets:
            domain, candidates = None, tuple(mapped)
        elif len(free) == 1:
            domain = self.names.check(free[0], "tag")
            used.update(tag for tag in tags if name_key(tag) == name_key(free[0]))
            candidates = ()
        else:
            domain, candidates = None, tuple(free)
        others = tuple(tag for tag in tags if tag not in used)
        return TagSplit(domain, candidates, kind, others)


def tags_note(annotation: str | None, tags: Iterable[str]) -> str | None:
    """A note keeping what no field holds: the annotation, then the leftover tags on their line.

    The note follows the stored-text rule: what a tag holds that a note may not is dropped.
    """
    lines = [annotation] if annotation else []
    tags = list(tags)
    if tags:
        lines.append("tags: " + ", ".join(tags))
    return check_note("\n".join(lines)) if lines else None
