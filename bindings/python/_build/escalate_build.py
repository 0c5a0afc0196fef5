"""A PEP 517 build backend for the escalate package, using the standard library only.

Why not setuptools: pip builds in an isolated environment and would download the backend,
which fails offline. This backend has no requirements, so `pip install bindings/python`
works with no network. It builds wheels (and PEP 660 editable wheels) and sdists of the
pure-Python package; set ESCALATE_BUNDLE_LIBRARY to a built libescalate to ship it inside the
wheel, which is then tagged for this platform.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import sysconfig
import tarfile
import zipfile
from pathlib import Path

_HERE = Path(__file__).resolve().parent.parent  # bindings/python
_PACKAGE = "escalate"


def _project() -> dict:
    text = (_HERE / "pyproject.toml").read_text(encoding="utf-8")
    try:
        import tomllib
    except ModuleNotFoundError:  # Python < 3.11: read the few static keys used below
        fields = dict(re.findall(r'^(name|version|description|requires-python)\s*=\s*"([^"]*)"',
                                 text, re.MULTILINE))
        licence = re.search(r'^license\s*=\s*\{\s*text\s*=\s*"([^"]*)"', text, re.MULTILINE)
        return {"name": fields["name"], "version": fields["version"],
                "description": fields.get("description", ""),
                "requires-python": fields.get("requires-python", ""),
                "license": {"text": licence.group(1)} if licence else {}}
    return tomllib.loads(text)["project"]


def _metadata() -> str:
    project = _project()
    lines = ["Metadata-Version: 2.1", f"Name: {project['name']}", f"Version: {project['version']}",
             f"Summary: {project.get('description', '')}"]
    if project.get("requires-python"):
        lines.append(f"Requires-Python: {project['requires-python']}")
    licence = project.get("license", {})
    if isinstance(licence, dict) and licence.get("text"):
        lines.append(f"License: {licence['text']}")
    for classifier in project.get("classifiers", []):
        lines.append(f"Classifier: {classifier}")
    for extra, requirements in project.get("optional-dependencies", {}).items():
        lines.append(f"Provides-Extra: {extra}")
        for requirement in requirements:
            lines.append(f'Requires-Dist: {requirement}; extra == "{extra}"')
    return "\n".join(lines) + "\n"


def _dist_name() -> str:
    project = _project()
    return f"{project['name']}-{project['version']}"


def _package_files() -> list[Path]:
    package = _HERE / _PACKAGE
    return sorted(p for p in package.rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts and p.suffix in (".py", ".typed"))


def _rulesets() -> list[tuple[str, bytes]]:
    """The bundled pathways and calendars the package ships as escalate/rulesets: from the
    source tree's rulesets/ (a checkout), else from an unpacked sdist's copy."""
    for source in (_HERE.parent.parent / "rulesets", _HERE / _PACKAGE / "rulesets"):
        if source.is_dir():
            return [(f"{_PACKAGE}/rulesets/{path.relative_to(source).as_posix()}", path.read_bytes())
                    for path in sorted(source.rglob("*"))
                    if path.is_file() and path.suffix in (".xml", ".xsd")]
    return []


def _bundled_library() -> Path | None:
    value = os.environ.get("ESCALATE_BUNDLE_LIBRARY", "")
    if not value:
        return None
    path = Path(value)
    if not path.is_file():
        raise FileNotFoundError(f"ESCALATE_BUNDLE_LIBRARY={value} is not a file")
    return path


class _Wheel:
    """Writes a wheel: files, then dist-info with RECORD (hashes and sizes) last."""

    def __init__(self, directory: str, tag: str) -> None:
        self.dist = _dist_name()
        self.name = f"{self.dist}-{tag}.whl"
        self.tag = tag
        self.path = os.path.join(directory, self.name)
        self.zip = zipfile.ZipFile(self.path, "w", compression=zipfile.ZIP_DEFLATED)
        self.records: list[str] = []

    def add(self, archive_name: str, data: bytes, executable: bool = False) -> None:
        info = zipfile.ZipInfo(archive_name, date_time=(2020, 1, 1, 0, 0, 0))
        info.external_attr = (0o755 if executable else 0o644) << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        self.zip.writestr(info, data)
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        self.records.append(f"{archive_name},sha256={digest},{len(data)}")

    def finish(self) -> str:
        info = f"{self.dist}.dist-info"
        self.add(f"{info}/METADATA", _metadata().encode())
        pure = "true" if self.tag.endswith("none-any") else "false"
        self.add(f"{info}/WHEEL", (f"Wheel-Version: 1.0\nGenerator: escalate_build\n"
                                   f"Root-Is-Purelib: {pure}\nTag: {self.tag}\n").encode())
        self.add(f"{info}/top_level.txt", f"{_PACKAGE}\n".encode())
        self.records.append(f"{info}/RECORD,,")
        self.zip.writestr(zipfile.ZipInfo(f"{info}/RECORD", date_time=(2020, 1, 1, 0, 0, 0)),
                          "\n".join(self.records) + "\n")
        self.zip.close()
        return self.name


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    library = _bundled_library()
    if library is None:
        tag = "py3-none-any"
    else:
        platform = sysconfig.get_platform().replace("-", "_").replace(".", "_")
        tag = f"py3-none-{platform}"
    wheel = _Wheel(wheel_directory, tag)
    for path in _package_files():
        wheel.add(path.relative_to(_HERE).as_posix(), path.read_bytes())
    for name, data in _rulesets():
        wheel.add(name, data)
    if library is not None:
        # Under the ABI-versioned name the package looks for first (escalate/_library.py).
        wheel.add(f"{_PACKAGE}/libescalate.so.{_abi_version()}", library.read_bytes(),
                  executable=True)
    return wheel.finish()


def _abi_version() -> str:
    constants = (_HERE / _PACKAGE / "constants.py").read_text(encoding="utf-8")
    return re.search(r"^ABI_VERSION = (\d+)$", constants, re.MULTILINE).group(1)


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    # PEP 660: a .pth file that puts this source directory on sys.path.
    wheel = _Wheel(wheel_directory, "py3-none-any")
    wheel.add(f"__editable__.{_dist_name()}.pth", f"{_HERE}\n".encode())
    return wheel.finish()


def build_sdist(sdist_directory, config_settings=None):
    dist = _dist_name()
    name = f"{dist}.tar.gz"
    files = [_HERE / "pyproject.toml", *sorted((_HERE / "_build").glob("*.py")),
             *_package_files()]
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz", format=tarfile.PAX_FORMAT) as tar:
        for path in files:
            data = path.read_bytes()
            info = tarfile.TarInfo(f"{dist}/{path.relative_to(_HERE).as_posix()}")
            info.size, info.mtime, info.mode = len(data), 1577836800, 0o644
            tar.addfile(info, io.BytesIO(data))
        for name, data in _rulesets():
            info = tarfile.TarInfo(f"{dist}/{name}")
            info.size, info.mtime, info.mode = len(data), 1577836800, 0o644
            tar.addfile(info, io.BytesIO(data))
        metadata = _metadata().encode()
        info = tarfile.TarInfo(f"{dist}/PKG-INFO")
        info.size, info.mtime, info.mode = len(metadata), 1577836800, 0o644
        tar.addfile(info, io.BytesIO(metadata))
    return name
