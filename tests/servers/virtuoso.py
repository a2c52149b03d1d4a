"""A throw-away OpenLink Virtuoso server on loopback, for the remote-store tests.

Debian's ``virtuoso-opensource`` package is used as a user would install it: its own
``virtuoso.ini`` (``/usr/share/virtuoso-opensource-7/virtuoso.ini``, else the one in
``/etc``) is copied into a temporary folder with only what must change for a private
instance rewritten — database files in that folder, the SQL and HTTP ports (free ones, on
127.0.0.1) — and every limit (``ResultSetMaxRows``, ``MaxQueryMem``, …) left at the
package's value. ``virtuoso-t +foreground`` runs it as a child process we own, so stopping
it is a SIGTERM to that process (Virtuoso checkpoints and exits) and a SIGKILL if it hangs.

Once it answers, a SQL user with the ``SPARQL_UPDATE`` role is created with ``isql-vt``
(same package); that user reaches the digest-authenticated ``/sparql-auth`` endpoint
(queries and updates) and ``/sparql-graph-crud-auth`` (Graph Store HTTP Protocol).

Usable without pytest (``python tests/servers/virtuoso.py`` starts one and prints its URLs
until Ctrl-C), which is how the numbers in docs/virtuoso.md were measured.
"""

from __future__ import annotations

import configparser
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["VirtuosoError", "VirtuosoServer", "find_virtuoso", "start_virtuoso"]

#: Where Debian's package keeps its default configuration (pristine copy first).
PACKAGE_INIS = (
    Path("/usr/share/virtuoso-opensource-7/virtuoso.ini"),
    Path("/etc/virtuoso-opensource-7/virtuoso.ini"),
)
#: Seconds a fresh database may take to initialise (it loads its system tables and VADs).
START_SECONDS = 120


class VirtuosoError(RuntimeError):
    """The server could not be started, set up or stopped."""


@dataclass
class VirtuosoPrograms:
    server: str  # virtuoso-t
    isql: str  # isql-vt
    ini: Path  # the package's virtuoso.ini


def find_virtuoso() -> VirtuosoPrograms | None:
    """Debian's Virtuoso programs and default configuration, or None when not installed."""
    server = shutil.which("virtuoso-t")
    isql = shutil.which("isql-vt") or shutil.which("isql-v")
    ini = next((path for path in PACKAGE_INIS if path.is_file()), None)
    if server is None or isql is None or ini is None:
        return None
    return VirtuosoPrograms(server, isql, ini)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class VirtuosoServer:
    """A running Virtuoso on loopback, its URLs, and the SPARQL user created on it."""

    programs: VirtuosoPrograms
    folder: Path
    http_port: int
    sql_port: int
    dba_password: str
    user: str = "kg"
    password: str = field(default_factory=lambda: secrets.token_hex(8))
    process: subprocess.Popen[bytes] | None = None

    # --- URLs ---------------------------------------------------------------------------------

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def sparql_url(self) -> str:
        """The anonymous endpoint (read-only with the default grants)."""
        return self.base + "/sparql"

    @property
    def auth_url(self) -> str:
        """The digest-authenticated endpoint: queries and updates for :attr:`user`."""
        return self.base + "/sparql-auth"

    @property
    def gsp_url(self) -> str:
        """The digest-authenticated Graph Store HTTP Protocol endpoint."""
        return self.base + "/sparql-graph-crud-auth"

    def url_with_credentials(self, path: str = "/sparql-auth") -> str:
        return f"http://{self.user}:{self.password}@127.0.0.1:{self.http_port}{path}"

    @property
    def log(self) -> Path:
        return self.folder / "virtuoso.log"

    # --- control ------------------------------------------------------------------------------

    def sql(self, statements: str, *, timeout: float = 120) -> str:
        """Run SQL through ``isql-vt`` as dba; raises on any error it reports."""
        script = self.folder / f"run-{secrets.token_hex(4)}.sql"
        script.write_text(statements.rstrip().rstrip(";") + ";\n")
        try:
            done = subprocess.run(
                [self.programs.isql, f"127.0.0.1:{self.sql_port}", "dba", self.dba_password,
                 str(script)],
                capture_output=True, timeout=timeout, check=False,
            )  # fmt: skip
        finally:
            script.unlink(missing_ok=True)
        output = done.stdout.decode(errors="replace") + done.stderr.decode(errors="replace")
        if done.returncode != 0 or re.search(r"^\*\*\* Error", output, re.MULTILINE):
            raise VirtuosoError(f"isql failed ({done.returncode}): {output.strip()[-2000:]}")
        return output

    def clear(self) -> None:
        """Drop every graph except Virtuoso's own (tests start from an empty store)."""
        self.sql(
            "DELETE FROM DB.DBA.RDF_QUAD WHERE\n"
            "  __ro2sq(ID_TO_IRI(G)) NOT LIKE 'http://www.openlinksw.com/%'\n"
            "  AND __ro2sq(ID_TO_IRI(G)) NOT LIKE 'http://www.w3.org/%'\n"
            "  AND __ro2sq(ID_TO_IRI(G)) NOT LIKE 'http://localhost%'\n"
            "  AND __ro2sq(ID_TO_IRI(G)) NOT LIKE 'http://127.0.0.1%'"
        )

    def stop(self) -> None:
        """SIGTERM (Virtuoso checkpoints and exits), SIGKILL after 30 s."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def __enter__(self) -> VirtuosoServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _private_ini(package_ini: Path, folder: Path, sql_port: int, http_port: int) -> Path:
    """The package's configuration with files in ``folder`` and ports on loopback."""
    text = package_ini.read_text()
    for name in ("virtuoso.db", "virtuoso.log", "virtuoso.lck", "virtuoso.trx", "virtuoso.pxa",
                 "virtuoso-temp.db", "virtuoso-temp.trx"):  # fmt: skip
        text = re.sub(r"(=\s*)\S*/" + re.escape(name) + r"\b", rf"\g<1>{folder / name}", text)
    sections: dict[str, dict[str, str]] = {
        "Parameters": {"ServerPort": f"127.0.0.1:{sql_port}"},
        "HTTPServer": {"ServerPort": f"127.0.0.1:{http_port}"},
        "URIQA": {"DefaultHost": f"127.0.0.1:{http_port}"},
    }
    out, section = [], ""
    for line in text.splitlines():
        header = re.match(r"^\s*\[([^\]]+)\]", line)
        if header:
            section = header.group(1)
        key = re.match(r"^\s*([A-Za-z_]+)\s*=", line)
        if key and key.group(1) in sections.get(section, {}):
            line = f"{key.group(1)} = {sections[section][key.group(1)]}"
        out.append(line)
    ini = folder / "virtuoso.ini"
    ini.write_text("\n".join(out) + "\n")
    # the edited file must still parse, and hold what we meant
    check = configparser.ConfigParser(strict=False, inline_comment_prefixes=(";",))
    check.read_string(ini.read_text())
    assert check["HTTPServer"]["ServerPort"] == f"127.0.0.1:{http_port}"
    assert check["Database"]["DatabaseFile"] == str(folder / "virtuoso.db")
    return ini


def _wait_ready(server: VirtuosoServer, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    url = server.sparql_url + "?query=ASK%7B%7D"
    while True:
        assert server.process is not None
        if server.process.poll() is not None:
            tail = server.log.read_text(errors="replace")[-3000:] if server.log.exists() else ""
            raise VirtuosoError(f"virtuoso-t exited with {server.process.returncode}:\n{tail}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except urllib.error.HTTPError:
            pass
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise VirtuosoError(f"Virtuoso did not answer {url} within {seconds} s")
        time.sleep(0.3)


def start_virtuoso(folder: Path | None = None, programs: VirtuosoPrograms | None = None,
                   *, user: str = "kg") -> VirtuosoServer:  # fmt: skip
    """Start a private Virtuoso and create a SPARQL_UPDATE user; stop it with ``.stop()``."""
    programs = programs or find_virtuoso()
    if programs is None:
        raise VirtuosoError("Virtuoso is not installed (apt-get install virtuoso-opensource)")
    folder = Path(folder or tempfile.mkdtemp(prefix="kg-virtuoso-"))
    folder.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = _free_port(), _free_port()
    while http_port == sql_port:
        http_port = _free_port()
    ini = _private_ini(programs.ini, folder, sql_port, http_port)
    # a new database's dba password is "dba"; it is changed as soon as the server answers
    server = VirtuosoServer(programs, folder, http_port, sql_port, "dba", user=user)
    stdout = (folder / "virtuoso.out").open("wb")
    server.process = subprocess.Popen(
        [programs.server, "+foreground", "+configfile", str(ini)],
        cwd=folder, stdout=stdout, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    stdout.close()
    try:
        _wait_ready(server, START_SECONDS)
        dba_password = secrets.token_hex(8)
        server.sql(f"USER_SET_PASSWORD('dba', '{dba_password}')")
        server.dba_password = dba_password
        server.sql(
            f"DB.DBA.USER_CREATE('{user}', '{server.password}');\n"
            f'GRANT SPARQL_UPDATE TO "{user}";\n'
            # read and write on every graph for this user (graph-level security is off by
            # default, but the setting makes the grant explicit and survives turning it on)
            f"DB.DBA.RDF_DEFAULT_USER_PERMS_SET('{user}', 15);\n"
        )
    except BaseException:
        server.stop()
        raise
    return server


if __name__ == "__main__":  # pragma: no cover - manual use
    with start_virtuoso() as running:
        print(f"folder   {running.folder}")
        print(f"sparql   {running.sparql_url}")
        print(f"auth     {running.url_with_credentials()}")
        print(f"gsp      {running.url_with_credentials('/sparql-graph-crud-auth')}")
        print(f"isql     isql-vt 127.0.0.1:{running.sql_port} dba {running.dba_password}")
        try:
            while running.process and running.process.poll() is None:
                time.sleep(1)
        except KeyboardInterrupt:
            pass
