"""HTTP for the remote store: one connection per request, Basic or Digest credentials.

Kept apart from :mod:`kg.store.remote` so the store reads as what it does with an endpoint,
and this as how it talks to one (the standard library's ``http.client``; no dependency).
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import os
import re
import secrets
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass

from kg.errors import StoreError

__all__ = [
    "EndpointError",
    "Http",
    "Target",
    "env_number",
    "first_lines",
    "parse_target",
    "timeout",
]


class EndpointError(StoreError):
    """The endpoint answered with an HTTP error status."""

    def __init__(
        self, url: str, status: int, reason: str, detail: str, max_rows: int | None = None
    ) -> None:
        super().__init__(f"the SPARQL endpoint {url} answered {status} {reason}: {detail}")
        self.status = status
        self.detail = detail
        #: the server's result cap, when it said so (``X-SPARQL-MaxRows``)
        self.max_rows = max_rows


def env_number(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, "") or default)
    except ValueError:
        return default


def timeout() -> float:
    return env_number("KG_REMOTE_TIMEOUT", 300)


@dataclass
class Target:
    """A URL split for http.client, credentials taken out of it."""

    scheme: str
    host: str
    port: int | None
    path: str  # path and query string
    user: str | None
    password: str | None

    @property
    def shown(self) -> str:
        """The URL without credentials (for messages)."""
        port = f":{self.port}" if self.port else ""
        return f"{self.scheme}://{self.host}{port}{self.path}"


def parse_target(url: str) -> Target:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"not an http(s) URL: {url}")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    user = urllib.parse.unquote(parts.username) if parts.username is not None else None
    password = urllib.parse.unquote(parts.password) if parts.password is not None else None
    return Target(parts.scheme, host, parts.port, path, user, password)


class Http:
    """Requests to one server: credentials, a remembered Digest challenge, errors."""

    def __init__(self, user: str | None, password: str | None, token: str | None) -> None:
        self.user = user
        self.password = password
        self.token = token
        self.timeout = timeout()
        self._challenge: dict[str, str] | None = None
        self._basic = False
        self._nc = 0
        #: the Server header of the last answer
        self.server = ""

    def request(
        self, method: str, target: Target, body: bytes, headers: Mapping[str, str]
    ) -> tuple[int, http.client.HTTPMessage, bytes]:
        """The answer to one request (status, headers, body); 401 answered with credentials."""
        fresh_challenge = False
        while True:
            sent = dict(headers)
            sent.setdefault("User-Agent", "claimgraph")
            authorization = self._authorization(method, target)
            if authorization:
                sent["Authorization"] = authorization
            status, response, data = self._send(method, target, body, sent)
            if status != 401 or fresh_challenge:
                break
            # one retry after a fresh challenge (a remembered Digest nonce may have expired)
            if not self._learn(response.get("WWW-Authenticate", "")):
                break
            fresh_challenge = True
        if status == 401:
            if self.user is None:
                raise StoreError(
                    f"the SPARQL endpoint {target.shown} asks for credentials: put them in the "
                    "URL (http://user:password@host/…) or in $KG_STORE_USER and "
                    "$KG_STORE_PASSWORD"
                )
            raise StoreError(
                f"the SPARQL endpoint {target.shown} refused the credentials of user "
                f"{self.user!r} (HTTP 401): check the user name and password"
            )
        return status, response, data

    def _send(
        self, method: str, target: Target, body: bytes, headers: Mapping[str, str]
    ) -> tuple[int, http.client.HTTPMessage, bytes]:
        kind = (
            http.client.HTTPSConnection if target.scheme == "https" else http.client.HTTPConnection
        )
        connection = kind(target.host.strip("[]"), target.port, timeout=self.timeout)
        try:
            connection.request(method, target.path, body=body, headers=dict(headers))
            response = connection.getresponse()
            data = response.read()
            self.server = response.headers.get("Server", "") or self.server
            return response.status, response.headers, data
        except (OSError, http.client.HTTPException) as exc:
            raise StoreError(f"cannot reach the SPARQL endpoint {target.shown}: {exc}") from None
        finally:
            connection.close()

    def _learn(self, challenge: str) -> bool:
        """Take a 401's challenge; True when a retry with credentials is worth it."""
        if self.user is None:
            return False
        scheme, _, params = challenge.strip().partition(" ")
        if scheme.lower() == "digest":
            self._challenge = {
                key: quoted or bare
                for key, quoted, bare in re.findall(r'(\w+)=(?:"([^"]*)"|([^\s,]*))', params)
            }
            self._nc = 0
            return True
        if scheme.lower() == "basic":
            self._basic = True
            return True
        return False

    def _authorization(self, method: str, target: Target) -> str | None:
        if self.user is not None and self._challenge is not None:
            return self._digest(method, target.path)
        if self.user is not None and self._basic:
            pair = f"{self.user}:{self.password or ''}".encode()
            return "Basic " + base64.b64encode(pair).decode()
        if self.token:
            return f"Bearer {self.token}"
        return None

    def _digest(self, method: str, uri: str) -> str:
        c = self._challenge or {}
        algorithm = c.get("algorithm", "MD5")
        if algorithm.upper() not in ("MD5", "MD5-SESS", "SHA-256", "SHA-256-SESS"):
            raise StoreError(f"the SPARQL endpoint asks for Digest {algorithm}, not supported")
        hash_name = "sha256" if algorithm.upper().startswith("SHA-256") else "md5"

        def h(text: str) -> str:
            return hashlib.new(hash_name, text.encode()).hexdigest()

        self._nc += 1
        nc, cnonce = f"{self._nc:08x}", secrets.token_hex(8)
        realm, nonce = c.get("realm", ""), c.get("nonce", "")
        ha1 = h(f"{self.user}:{realm}:{self.password or ''}")
        if algorithm.upper().endswith("-SESS"):
            ha1 = h(f"{ha1}:{nonce}:{cnonce}")
        ha2 = h(f"{method}:{uri}")
        qops = [q.strip() for q in c.get("qop", "").split(",") if q.strip()]
        if "auth" in qops:
            response = h(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")
            extra = f', qop=auth, nc={nc}, cnonce="{cnonce}"'
        else:
            response = h(f"{ha1}:{nonce}:{ha2}")
            extra = ""
        opaque = f', opaque="{c["opaque"]}"' if "opaque" in c else ""
        return (
            f'Digest username="{self.user}", realm="{realm}", nonce="{nonce}", uri="{uri}", '
            f'response="{response}", algorithm={algorithm}{extra}{opaque}'
        )


def first_lines(body: bytes, limit: int = 400) -> str:
    text = " ".join(body.decode("utf-8", errors="replace").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
