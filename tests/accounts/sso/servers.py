"""Real servers for the SSO tests, each started once per test session by conftest.py: OpenLDAP's slapd (an
unprivileged process on a free port, a temporary mdb database) and oidc-provider under Node. A server whose program
is missing skips its tests locally with the reason; in CI (CI=true) it fails them, since .ci/run installs both."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

HERE = Path(__file__).parent
PROVIDER_DIR = HERE / "provider"
SLAPD = "/usr/sbin/slapd"
SLAPADD = "/usr/sbin/slapadd"
BASE_DN = "dc=example,dc=com"
PEOPLE_DN = f"ou=people,{BASE_DN}"
READER_DN = f"cn=reader,{BASE_DN}"
READER_PASSWORD = "reader-secret-1"

# The directory's people: (uid, employeeNumber or None, password).
DIRECTORY = [
    ("wang", "E1001", "wang-pass-1"),  # a person with an account
    ("zhao", "E1002", "zhao-pass-1"),  # a person without an account
    ("sun", "E9999", "sun-pass-1"),  # no person with this number
    ("qian", None, "qian-pass-1"),  # no employee number at all
    ("zhou", "E1004", "zhou-pass-1"),  # a person whose account is deactivated
]


def missing(program: str, why: str):
    """Skip locally, fail in CI: the tests must run where .ci/run installed the program."""
    message = f"{program} is not installed ({why})"
    if os.environ.get("CI") == "true":
        pytest.fail(message + "; .ci/run should have installed it")
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, what: str, log: Path, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}: {log.read_text()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError(f"{what} did not listen on port {port} within {seconds} s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _ldif() -> str:
    entries = [
        f"dn: {BASE_DN}\nobjectClass: dcObject\nobjectClass: organization\ndc: example\no: Example Aluminium\n",
        f"dn: {PEOPLE_DN}\nobjectClass: organizationalUnit\nou: people\n",
        f"dn: {READER_DN}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\ncn: reader\n"
        f"userPassword: {READER_PASSWORD}\n",
    ]
    for uid, number, password in DIRECTORY:
        entry = f"dn: uid={uid},{PEOPLE_DN}\nobjectClass: inetOrgPerson\nuid: {uid}\ncn: {uid}\nsn: {uid}\n"
        if number:
            entry += f"employeeNumber: {number}\n"
        entries.append(entry + f"userPassword: {password}\n")
    return "\n".join(entries)


def _slapd_conf(folder: Path) -> str:
    return f"""include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile {folder}/slapd.pid
argsfile {folder}/slapd.args
database mdb
maxsize 10485760
suffix "{BASE_DN}"
rootdn "cn=admin,{BASE_DN}"
rootpw admin-secret-1
directory {folder}/data
# Password-protected: anonymous clients may only bind; the service account reads the people.
access to attrs=userPassword by anonymous auth by * none
access to * by dn.exact="{READER_DN}" read by self read by * none
"""


def start_slapd():
    """(process, URI, folder): slapd on a free port with the people above, loaded with slapadd before it starts."""
    if not (shutil.which(SLAPD) or Path(SLAPD).exists()):
        missing("slapd", "apt-get install slapd ldap-utils")
    folder = Path(tempfile.mkdtemp(prefix="dangjian-slapd-"))
    (folder / "data").mkdir()
    (folder / "slapd.conf").write_text(_slapd_conf(folder))
    (folder / "people.ldif").write_text(_ldif())
    subprocess.run(
        [SLAPADD, "-f", str(folder / "slapd.conf"), "-l", str(folder / "people.ldif")],
        check=True,
        capture_output=True,
    )
    user = []
    if os.geteuid() == 0:
        # CI runs as root: the server itself runs as nobody, owning only its temporary folder.
        shutil.chown(folder, "nobody", "nogroup")
        for path in folder.rglob("*"):
            shutil.chown(path, "nobody", "nogroup")
        user = ["-u", "nobody", "-g", "nogroup"]
    port = free_port()
    uri = f"ldap://127.0.0.1:{port}"
    log = folder / "slapd.log"
    with log.open("w") as out:
        # -d 0: stay in the foreground (a child this process can stop), logging nothing but fatal errors.
        process = subprocess.Popen(
            [SLAPD, "-f", str(folder / "slapd.conf"), "-h", uri + "/", "-d", "0", *user], stdout=out, stderr=out
        )
    wait_for_port(port, process, "slapd", log)
    return process, uri, folder


OIDC_CLIENT_ID = "dangjian-test"
OIDC_CLIENT_SECRET = "dangjian-test-secret-0123456789"
OIDC_REDIRECT_URI = "http://testserver/accounts/sso/oidc/callback/"
# The provider's accounts: id → claims (the login_hint of the authorisation request picks one).
OIDC_ACCOUNTS = {
    "wang": {"employee_number": "E1001", "name": "王工"},
    "sun": {"employee_number": "E9999", "name": "孙工"},
    "nonumber": {"name": "无工号"},
}


def start_oidc_provider():
    """(process, issuer URL, log folder): oidc-provider on a free port; `npm ci` first if node_modules is missing."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        missing("Node.js", "apt-get install nodejs npm")
    if not (PROVIDER_DIR / "node_modules" / "oidc-provider").exists():
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=PROVIDER_DIR, check=True, capture_output=True)
    port = free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "CLIENT_ID": OIDC_CLIENT_ID,
        "CLIENT_SECRET": OIDC_CLIENT_SECRET,
        "REDIRECT_URI": OIDC_REDIRECT_URI,
        "ACCOUNTS": json.dumps(OIDC_ACCOUNTS),
        "NODE_ENV": "test",
    }
    log = Path(tempfile.mkdtemp(prefix="dangjian-oidc-")) / "provider.log"
    with log.open("w") as out:
        process = subprocess.Popen([node, "provider.mjs"], cwd=PROVIDER_DIR, env=env, stdout=out, stderr=out)
    wait_for_port(port, process, "oidc-provider", log)
    return process, f"http://127.0.0.1:{port}", log.parent
