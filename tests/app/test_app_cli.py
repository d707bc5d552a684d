"""``tzcld-dashboard``'s command line: local address by default, the URL printed."""

from __future__ import annotations

from pathlib import Path

import pytest
from dash import Dash

from sim.app import cli


def test_defaults_serve_results_on_this_machine_only() -> None:
    args = cli.parse_args([])
    assert (args.results, args.port, args.host, args.debug) == ("results", 8050, "127.0.0.1", False)


@pytest.mark.parametrize("port", ["0", "70000", "x"])
def test_a_bad_port_is_refused(port: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli.parse_args(["--port", port])
    assert stopped.value.code == 2 and "--port" in capsys.readouterr().err


def test_main_prints_the_url_and_serves_where_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    served = {}
    monkeypatch.setattr(Dash, "run", lambda self, **kwargs: served.update(kwargs))
    cli.main(["--results", str(tmp_path / "none"), "--port", "8123"])
    out, err = capsys.readouterr()
    assert served == {"host": "127.0.0.1", "port": 8123, "debug": False}
    assert "http://127.0.0.1:8123/" in out and "not a folder yet" in err
    cli.main(["--results", str(tmp_path), "--host", "0.0.0.0"])
    assert served["host"] == "0.0.0.0" and "reachable from other machines" in capsys.readouterr().err
