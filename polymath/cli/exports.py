"""``polymath export``: sessions (JSON, CSV) or the skill graph, to a file or standard output.

Each kind loads only its own machinery: the graph no SQLAlchemy, the sessions no NetworkX.
"""

from polymath.cli.common import context, write_output
from polymath.core.errors import InvalidInput

TYPE_CHECKING = False
if TYPE_CHECKING:
    from argparse import Namespace


def cmd_export(args: "Namespace") -> int:
    if args.what == "graph":
        from polymath.cli.planning import export_graph

        return export_graph(args)
    from polymath.services.transfer import export_sessions

    if args.format not in (None, "json", "csv"):
        raise InvalidInput("sessions export as json or csv")
    ctx = context(args, write=False)
    text, count = export_sessions(ctx, args.format or "json")
    target = write_output(text, args.output, force=args.force, database=ctx.db_path)
    if target is not None:
        print(f"wrote {count} sessions to {target}")
    return 0
