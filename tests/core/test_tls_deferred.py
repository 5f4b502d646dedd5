"""`python -m bot` imports aiohttp with its default TLS contexts' CA loading deferred to their
first handshake (bot.adapters.tls): certificates are still verified, against the system's CAs,
and a certificate nobody trusts is refused."""

from __future__ import annotations

import asyncio
import datetime
import ipaddress
import os
import ssl
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.conftest import REPO

CLIENT = """
import asyncio, sys
from bot.adapters.tls import certificates_loaded, import_aiohttp
import_aiohttp()
import aiohttp, aiohttp.connector as connector
assert not certificates_loaded(connector._SSL_CONTEXT_VERIFIED)

async def main() -> None:
    async with aiohttp.ClientSession() as session:
        try:
            async with session.get(sys.argv[1]) as response:
                print("status", response.status)
        except aiohttp.ClientConnectorCertificateError:
            print("refused")
    print("loaded", certificates_loaded(connector._SSL_CONTEXT_VERIFIED))

asyncio.run(main())
"""


def self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    local = x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))])
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(local, False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


@pytest.fixture
async def https_site(tmp_path: Path) -> AsyncIterator[tuple[str, Path]]:
    cert_file, key_file = self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)

    async def hello(request: web.Request) -> web.Response:
        return web.Response(text="hello")

    app = web.Application()
    app.router.add_get("/", hello)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=context)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"https://127.0.0.1:{port}/", cert_file
    finally:
        await runner.cleanup()


async def fetch(url: str, ca_file: Path | None) -> str:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("SSL_CERT_FILE", None)
    if ca_file is not None:
        env["SSL_CERT_FILE"] = str(ca_file)  # read by the deferred set_default_verify_paths
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", CLIENT, url, cwd=REPO, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await process.communicate()
    assert process.returncode == 0, err.decode()[-2000:]
    return out.decode()


async def test_an_untrusted_certificate_is_refused(https_site: tuple[str, Path]) -> None:
    url, _ = https_site
    assert (await fetch(url, None)).split() == ["refused", "loaded", "True"]


async def test_the_default_certificates_are_read_on_the_first_handshake(
    https_site: tuple[str, Path],
) -> None:
    url, cert_file = https_site  # trusted through SSL_CERT_FILE, which loading the defaults reads
    assert (await fetch(url, cert_file)).split() == ["status", "200", "loaded", "True"]
