"""Run the service under uvicorn: one process, or several worker processes on one listening socket.

Workers build the app from the environment (`TOWNHALL_*`), share the database and so share the
rate limits. uvicorn's own multi-process socket is opened without naming the protocol, so asyncio
leaves TCP_NODELAY off on the connections it accepts, and a response written in two parts (headers,
then a file) waits ~40 ms for the client's delayed ACK; naming IPPROTO_TCP here gives the workers
what a single uvicorn process gets anyway.
"""

from __future__ import annotations

import socket

import uvicorn
from uvicorn.supervisors import Multiprocess

from townhall.consult.log_format import LogFormat, logging_config

APP_FACTORY = "townhall.consult.app:create_app"


def listening_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to `host`:`port`, inheritable by worker processes."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


def run(
    host: str,
    port: int,
    workers: int,
    trusted_proxies: tuple[str, ...] = (),
    log_level: str = "info",
    access_log: bool = True,
    log_format: LogFormat = "plain",
) -> None:
    """Serve until interrupted; settings come from the environment in every process.

    Only connections from `trusted_proxies` may say whom they forward for (X-Forwarded-For), so
    that behind a proxy the per-client limits count residents, not the proxy. Log lines are
    `log_format`; `access_log` is the service's own line a request (uvicorn's is always off).
    """
    config = uvicorn.Config(
        APP_FACTORY,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        log_config=logging_config(log_format, log_level, access_log),
        access_log=False,
        proxy_headers=bool(trusted_proxies),
        forwarded_allow_ips=list(trusted_proxies) or None,
        server_header=False,
    )
    sock = listening_socket(host, port)  # bound here, so a taken port is an OSError to report
    if workers == 1:
        uvicorn.Server(config).run(sockets=[sock])
    else:
        Multiprocess(config, sockets=[sock]).run()
