"""`--engine dask` without --scheduler: the local cluster is reachable from this machine only
and has no dashboard unless one is asked for."""

from __future__ import annotations

import ipaddress
import urllib.error
import urllib.request

import pytest

pytest.importorskip("distributed")
psutil = pytest.importorskip("psutil")

from matcher.ranking import _dask_client  # noqa: E402


def _listening() -> set[tuple[str, int]]:
    return {
        (c.laddr.ip, c.laddr.port)
        for c in psutil.Process().net_connections(kind="inet")
        if c.status == psutil.CONN_LISTEN
    }


def _status(port: int, path: str) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def test_local_cluster_listens_on_loopback_only_without_a_dashboard() -> None:
    before = _listening()
    client, cluster = _dask_client(None)
    try:
        opened = _listening() - before
        addresses = [cluster.scheduler.address, *(w.address for w in cluster.workers.values())]
        assert all(a.startswith("inproc://") for a in addresses), addresses
        assert opened, "the scheduler's and workers' HTTP servers"
        assert all(ipaddress.ip_address(ip).is_loopback for ip, _ in opened), opened
        assert 8787 not in {port for _, port in opened}
        for _, port in opened:
            assert _status(port, "/health") == 200
            for page in ("/status", "/json/identity.json", "/metrics"):
                assert _status(port, page) == 404, (port, page)
    finally:
        client.close()
        cluster.close()
    assert _listening() - before == set(), "everything closed with the cluster"


def test_a_dashboard_address_that_cannot_be_served_is_a_one_line_error() -> None:
    from click.testing import CliRunner

    from matcher.cli import main

    result = CliRunner().invoke(main, ["rank", "--posting", "examples/postings/data-engineer.md",
                                       "examples/resumes/pat-kim-nurse.txt", "--engine", "dask",
                                       "--dashboard", "no-such-host.invalid:1", "-q"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot serve the Dask dashboard on no-such-host.invalid:1" in lines[0]
    assert "Traceback" not in result.output
