"""``tzcld-dashboard``: serve the interactive app on this machine.

Examples:
    tzcld-dashboard                         # results/ on http://127.0.0.1:8050/
    tzcld-dashboard --results results/experiments --port 8060
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(
        prog="tzcld-dashboard",
        description=(
            "Browse the runs and experiments under a results folder and rerun the pilot territory "
            "live with the main levers (what-if). Serves on 127.0.0.1 unless --host says otherwise."
        ),
    )
    parser.add_argument(
        "--results", default="results", help="results root; nothing outside it is read (default: results)"
    )
    parser.add_argument("--port", type=int, default=8050, help="port (default: 8050)")
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1: this machine only; any other address opens it to the network)",
    )
    parser.add_argument("--debug", action="store_true", help="Dash debug mode (reloads on code changes, shows errors)")
    args = parser.parse_args(argv)
    if not 0 < args.port < 65536:
        parser.error(f"--port {args.port}: expected a port number in 1-65535")
    return args


def main(argv: list[str] | None = None) -> None:
    """Console entry point."""
    args = parse_args(argv)
    root = Path(args.results)
    if not root.is_dir():
        print(
            f"tzcld-dashboard: {root.resolve()} is not a folder yet; the page will say so (the what-if works).",
            file=sys.stderr,
        )
    if args.host not in LOCAL_HOSTS:
        print(f"tzcld-dashboard: warning: listening on {args.host}, reachable from other machines.", file=sys.stderr)

    from sim.config.extras import MissingExtra, require_extra

    try:
        require_extra("app")
    except MissingExtra as error:
        print(f"tzcld-dashboard: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    from sim.app.server import create_app  # Dash, Hydra and the model load here, once

    app = create_app(root)
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"tzcld-dashboard: {root.resolve()} at http://{host}:{args.port}/  (Ctrl+C to stop)", flush=True)
    app.run(host=args.host, port=args.port, debug=args.debug)


if __name__ == "__main__":
    main()
