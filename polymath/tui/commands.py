"""The command palette (ctrl+p) lists every action of the screen it was opened on, with its key."""

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

HELP = {
    "check_in": "Log minutes of learning: domain, duration, kind, day, integrated domains, note",
    "toggle_timer": "Start a timer on the highlighted domain, or stop the running one and log it",
    "cancel_timer": "Discard the running timer: nothing is logged (undo brings it back)",
    "stop_timer_at": "End the running timer at the time you stopped, and log it",
    "show('dashboard')": "Today, this week, streaks, the year heatmap and your domains",
    "show('review')": "The weekly review: total, domains, kinds, days, streaks, advice",
    "show('domains')": "Every domain with its hours, level and last session",
    "show('planner')": "Suggested skill stacks with their reasons; the adopted stack's progress",
    "show('graph')": "Your domains under their areas, integration links and area pairs",
    "toggle_new": "Suggest stacks that add one or two new areas",
    "next_anchor": "Anchor the suggestions on the next of your domains (or none)",
    "level(1)": "Raise the target level of the suggestions (up to 5)",
    "level(-1)": "Lower the target level of the suggestions (down to 2)",
    "undo": "Revert the latest change of any kind (several steps deep)",
    "sync_now": "Sync with your other devices through the shared folder (polymath sync)",
    "help": "What every number means, and every key",
    "previous_week": "Review the week before",
    "next_week": "Review the week after (up to this week)",
    "this_week": "Review the current week",
    "export": "Save the review as a Markdown file",
    "open_domain": "Level history and sessions of the highlighted domain",
    "edit_session": "Change the highlighted session: length, domain, kind, day, start, note",
    "delete_session": "Delete the highlighted session (undo brings it back)",
    "record_level": "Record a competence level (1 novice .. 5 expert), with a note and a day",
    "set_goal": "Give the domain a weekly goal (or none)",
    "add_domain": "Add a domain, with its area (suggested from its name if left empty)",
    "rename_domain": "Rename the highlighted domain",
    "merge_domain": "Merge the highlighted domain into another: its history moves, it goes",
    "map_area": "Map the highlighted domain to a population area (matches offered)",
    "archive_domain": "Archive the highlighted domain (its history is kept)",
    "restore_domain": "Bring the highlighted archived domain back",
    "show_archived(True)": "List archived domains too",
    "show_archived(False)": "List active domains only",
    "rest_week": "Plan the week shown as a rest week, or make it an ordinary week again",
    "adopt": "Adopt the highlighted stack (its new areas become domains first)",
    "back": "Back to the previous screen",
}


SYSTEM = frozenset({"quit", "command_palette"})
"""Actions Textual's own provider already lists."""


class PolymathCommands(Provider):
    """Built from the key bindings in force, so the palette and the footer never disagree."""

    def _commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        commands: list[tuple[str, str, Callable[[], Any]]] = []
        seen = set()
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            wanted = (binding.show or binding.action in HELP) and binding.action not in SYSTEM
            if not (wanted and binding.description and active.enabled) or binding.action in seen:
                continue
            seen.add(binding.action)
            display = binding.key_display or self.app.get_key_display(binding)
            help_text = HELP.get(binding.action, binding.description)
            commands.append(
                (
                    binding.description,
                    f"{help_text} (key: {display or key})",
                    partial(self.app.run_action, binding.action, active.node),
                )
            )
        return commands

    async def discover(self) -> Hits:
        for title, help_text, command in self._commands():
            yield DiscoveryHit(title, command, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, command in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), command, text=title, help=help_text)
