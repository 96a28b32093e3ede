"""The wheel is the program a municipality installs: built from the source, installed
into a fresh virtual environment outside the checkout, it migrates a database and
serves both apps under gunicorn, with the templates and static files it carries and
the content given by CONTENT_DIR.

The wheel is built offline (`--no-build-isolation`, with the project environment's
setuptools) from a copy of the source. The fresh environment gets the wheel alone
(`--no-deps`); the libraries it depends on are those of the project's environment,
added to its path by a `.pth` file (a path, not a site folder: the project's own
editable install there is never loaded), and `pip check` proves the wheel's declared
dependencies are met by them. docs/drift.md installs the same wheel from PyPI.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from form_service.core.crypto import generate_keypair, new_draft_key
from tests.support.journey_answers import FOR_MYSELF
from tests.support.live_server import PUBLIC_APP, STAFF_APP, Gunicorn, Visitor
from tests.support.pages import PASSWORD

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SOURCE = ("pyproject.toml", "README.md", "site_builder", "form_service", "templates", "static")
START = "/ansokan/kontaktperson/"

pytestmark = pytest.mark.slow


def run(command: list[str], **options) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, **options)
    assert result.returncode == 0, f"{command}:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh virtual environment, outside the checkout, with the wheel installed."""
    root = tmp_path_factory.mktemp("installed")
    source = root / "source"
    for name in SOURCE:
        path = PROJECT_ROOT / name
        if path.is_dir():
            shutil.copytree(
                path, source / name, symlinks=True, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            source.mkdir(exist_ok=True)
            shutil.copy2(path, source / name)
    pip = [sys.executable, "-m", "pip"]
    run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(root / "dist"),
         str(source)])  # fmt: skip
    wheel = next((root / "dist").glob("kontaktstod-*.whl"))
    venv = root / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / "bin" / "python"
    run([*pip, "--python", str(python), "install", "--no-deps", "-q", str(wheel)])
    site_packages = Path(
        run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"])
        .stdout.strip()
    )  # fmt: skip
    (site_packages / "project-libraries.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    run([*pip, "--python", str(python), "check"])
    return venv


def environment(tmp_path: Path, **settings: str) -> dict[str, str]:
    return {
        **os.environ,
        "ENV_NAME": "development",  # plain-HTTP cookies on loopback
        "DATABASE_URL": f"sqlite:///{tmp_path / 'kontaktstod.sqlite3'}",
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "CONTENT_DIR": str(PROJECT_ROOT / "content"),
        **settings,
    }


def test_the_installed_code_is_the_wheels_own(installed, tmp_path):
    where = run(
        [str(installed / "bin" / "python"), "-c",
         "import form_service, site_builder.resources as r; "
         "print(form_service.__file__); print(r.TEMPLATES_DIR); print(r.STATIC_DIR)"],
        cwd=tmp_path,
    ).stdout.split()  # fmt: skip
    for path in where:
        assert Path(path).is_relative_to(installed), path
    assert (Path(where[1]) / "base.html").is_file() and (Path(where[2]) / "site.css").is_file()


def test_without_content_dir_an_installed_command_says_what_to_set(installed, tmp_path):
    settings = environment(tmp_path, SECRET_KEY="s", SUBMISSION_PRIVATE_KEY=generate_keypair()[1])
    del settings["CONTENT_DIR"]
    run([str(installed / "bin" / "form-service"), "migrate"], env=settings, cwd=tmp_path)
    result = subprocess.run(
        [str(installed / "bin" / "form-service"), "purge", "--dry-run"],
        env=settings, cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2
    assert "finns inte: sätt CONTENT_DIR till mappen" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_installed_wheel_migrates_and_serves_both_apps(installed, tmp_path):
    public_key, private_key = generate_keypair()
    public = environment(
        tmp_path,
        SECRET_KEY="public-secret",
        SUBMISSION_PUBLIC_KEY=public_key,
        DRAFT_KEY=new_draft_key(),
        MIN_FILL_SECONDS="0",
    )
    staff = environment(tmp_path, SECRET_KEY="staff-secret", SUBMISSION_PRIVATE_KEY=private_key)
    program = str(installed / "bin" / "form-service")
    migrated = run([program, "migrate"], env=public, cwd=tmp_path)
    assert "Databasen är uppdaterad" in migrated.stdout
    add = [program, "staff", "add", "karin", "--name", "Karin Berg", "--password-stdin"]
    run(add, env=staff, cwd=tmp_path, input=PASSWORD + "\n")

    python = str(installed / "bin" / "python")
    with Gunicorn(PUBLIC_APP, public, tmp_path / "public.log", workers=1, python=python,
                  cwd=tmp_path) as server:  # fmt: skip
        citizen = Visitor(server.base)
        assert citizen.get("/static/site.css").status == 200
        step = citizen.get(START).location
        page = citizen.get(step).checked(200)
        assert "Kontaktperson" in page.text or "kontaktperson" in page.text
        answer = {"csrf_token": page.csrf, **FOR_MYSELF["skyddade-uppgifter"]}
        answered = citizen.post(step, answer)
        assert answered.status == 302, answered.text[:500]
        assert citizen.get(answered.location).checked(200)  # the next step, draft kept

    with Gunicorn(STAFF_APP, staff, tmp_path / "staff.log", workers=1, python=python,
                  cwd=tmp_path) as server:  # fmt: skip
        officer = Visitor(server.base)
        login = officer.get("/logga-in/").checked(200)
        fields = {"csrf_token": login.csrf, "anvandarnamn": "karin", "losenord": PASSWORD}
        assert officer.post("/logga-in/", fields).status == 302
        inbox = officer.get("/").checked(200)
        assert "Karin Berg" in inbox.text
        assert officer.get("/static/staff/staff.css").status == 200
