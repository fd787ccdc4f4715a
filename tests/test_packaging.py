"""The wheel carries the catalog: the app installed from it works away from the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from insider_planner import __version__, resources

ROOT = Path(__file__).resolve().parent.parent


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(extra)
    return env


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    # No isolation: the build backend (hatchling) is already installed; nothing is downloaded.
    _run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), "."],
        cwd=ROOT,
        env=_clean_env(),
    )
    [built] = out.glob("*.whl")
    return built


@pytest.mark.slow
def test_the_wheel_holds_the_package_and_the_catalog(wheel: Path) -> None:
    assert wheel.name == f"insider_planner-{__version__}-py3-none-any.whl"
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "insider_planner/__init__.py" in names
    assert "insider_planner/resources/catalog.json" in names
    assert "insider_planner/storage/files.py" in names
    assert not [n for n in names if n.startswith(("tests/", "src/", "resources/"))]
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "insider-planner = insider_planner.cli:main" in text


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="venv layout and scripts differ on Windows")
def test_the_installed_wheel_runs_outside_the_repo(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)  # no --system-site-packages
    python = env_dir / "bin" / "python"
    site = Path(
        _run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            cwd=tmp_path,
            env=_clean_env(),
        ).stdout.strip()
    )
    # Dependencies (PySide6, pydantic, platformdirs) come from the dev environment so that
    # nothing is downloaded; a path appended by a .pth ranks after the venv's own packages.
    (site / "dev_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    _run(
        [
            *(sys.executable, "-m", "pip", "--python", str(python)),
            *("install", "--no-deps", "--no-index", "--quiet", str(wheel)),
        ],
        cwd=tmp_path,
        env=_clean_env(),
    )

    work = tmp_path / "elsewhere"
    work.mkdir()
    env = _clean_env(INSIDER_PLANNER_DATA_DIR=str(tmp_path / "data"), QT_QPA_PLATFORM="offscreen")
    where = _run(
        [
            str(python),
            "-c",
            "import insider_planner, insider_planner.resources as r; "
            "print(insider_planner.__file__); print(r.resources_dir())",
        ],
        cwd=work,
        env=env,
    ).stdout.splitlines()
    assert Path(where[0]).is_relative_to(site), where
    assert Path(where[1]) == site / "insider_planner" / "resources"

    program = str(env_dir / "bin" / "insider-planner")
    made = _run([program, "new", "--title", "From the wheel"], cwd=work, env=env)
    plan = Path(made.stdout.strip())
    assert plan.parent == tmp_path / "data"
    exported = _run([program, "export", str(plan), "--to", "markdown"], cwd=work, env=env)
    assert "# From the wheel" in exported.stdout
    assert "Access to artefacts" in exported.stdout  # the catalog was found
    version = _run([program, "--version"], cwd=work, env=env)
    assert version.stdout.strip() == f"insider-planner {__version__}"


def test_the_source_checkout_finds_the_catalog() -> None:
    """In an editable install the wheel's resources folder is absent: fall back to the repo."""
    found = resources.resources_dir()
    assert (found / "catalog.json").is_file()
    assert found in {ROOT / "resources", Path(resources.__file__).parent / "resources"}


def test_a_missing_catalog_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(resources, "_PACKAGE", tmp_path / "a" / "b" / "insider_planner")
    with pytest.raises(FileNotFoundError, match=r"resources/catalog\.json"):
        resources.resources_dir()
