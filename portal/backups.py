"""Backups and restores (docs/operations.md): the database, the public media and the private media,
in one timestamped folder per backup.

A backup folder ``<BACKUP_DIR>/<UTC stamp>/`` holds

- ``database.dump``: ``pg_dump --format=custom`` of the PostGIS database, or ``database.sqlite3``: a
  consistent copy of the embedded SpatiaLite file (SQLite's online backup, safe while the portal runs);
- ``media.tar.gz`` and ``private_media.tar.gz``: ``MEDIA_ROOT`` and ``PRIVATE_MEDIA_ROOT``;
- ``manifest.json``: when, which engine, and the size and SHA-256 of each file (a restore checks them first).

It is written as ``<stamp>.partial`` and renamed when complete, so a backup cut short never looks like one.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess  # noqa: S404 - pg_dump and pg_restore, called with argument lists
import tarfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
MANIFEST = "manifest.json"
POSTGRES_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
ARCHIVES = {"media": "media.tar.gz", "private_media": "private_media.tar.gz"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass(frozen=True)
class Database:
    """Where a database lives: a PostgreSQL server and name, or a SQLite file."""

    engine: str  # "postgres" or "sqlite"
    name: str  # the database name, or the SQLite file's path
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""

    @classmethod
    def from_settings(cls, settings_dict=None):
        s = settings_dict or settings.DATABASES["default"]
        engine = "sqlite" if "sqlite" in s["ENGINE"] or "spatialite" in s["ENGINE"] else "postgres"
        if engine == "sqlite":
            return cls("sqlite", str(s["NAME"]))
        return cls(
            "postgres",
            s["NAME"],
            s.get("USER") or "",
            s.get("PASSWORD") or "",
            s.get("HOST") or "",
            str(s.get("PORT") or ""),
        )

    def named(self, name):
        """The same server, another database (or another SQLite file)."""
        return Database(self.engine, name, self.user, self.password, self.host, self.port)

    # --- PostgreSQL client arguments ------------------------------------------------------------
    def client_args(self, dbname=None):
        args = []
        if self.host:
            args += ["--host", self.host]
        if self.port:
            args += ["--port", self.port]
        if self.user:
            args += ["--username", self.user]
        return [*args, "--dbname", dbname or self.name]

    def client_env(self):
        env = dict(os.environ)
        if self.password:
            env["PGPASSWORD"] = self.password
        return env

    def psql(self, sql, dbname=None):
        """One statement through psql; its single-column output, one value per line."""
        result = _run(
            ["psql", *self.client_args(dbname), "--no-psqlrc", "--tuples-only", "--no-align", "--command", sql],
            self.client_env(),
        )
        return [line for line in result.stdout.splitlines() if line]


def _run(args, env=None):
    try:
        result = subprocess.run(args, env=env, capture_output=True, text=True)  # noqa: S603
    except FileNotFoundError:
        raise BackupError(f"{args[0]} is not installed (Debian: apt-get install postgresql-client).") from None
    if result.returncode != 0:
        raise BackupError(f"{args[0]} failed: {result.stderr.strip() or result.stdout.strip()}")
    return result


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def media_roots():
    return {"media": Path(settings.MEDIA_ROOT), "private_media": Path(settings.PRIVATE_MEDIA_ROOT)}


def backup_dir():
    return Path(settings.BACKUP_DIR)


# --- Backup ---------------------------------------------------------------------------------------
def make_backup(target_dir=None, database=None, roots=None, keep=None, now=None):
    """Write one backup folder under ``target_dir`` and return its path; then keep only the newest
    ``keep`` complete backups there (None or 0: keep all)."""
    target_dir = Path(target_dir or backup_dir())
    database = database or Database.from_settings()
    roots = roots or media_roots()
    stamp = (now or datetime.datetime.now(datetime.UTC)).strftime(STAMP_FORMAT)
    final = target_dir / stamp
    if final.exists():
        raise BackupError(f"{final} exists already (one backup per second at most).")
    partial = target_dir / f"{stamp}.partial"
    target_dir.mkdir(parents=True, exist_ok=True)
    # Personal data: the folder and its files are readable by their owner only.
    partial.mkdir(mode=0o700)
    try:
        if database.engine == "postgres":
            dump = partial / POSTGRES_DUMP
            # No owner or grants: the dump restores into a database owned by whoever restores it.
            _run(
                [
                    "pg_dump",
                    *database.client_args(),
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    "--file",
                    str(dump),
                ],
                database.client_env(),
            )
        else:
            dump = partial / SQLITE_COPY
            source = sqlite3.connect(f"file:{database.name}?mode=ro", uri=True)
            copy = sqlite3.connect(dump)
            with copy:
                source.backup(copy)
            copy.close()
            source.close()
        for kind, root in roots.items():
            with tarfile.open(partial / ARCHIVES[kind], "w:gz") as archive:
                if root.is_dir():
                    archive.add(root, arcname=".")
        for path in partial.iterdir():
            path.chmod(0o600)
        files = {
            path.name: {"bytes": path.stat().st_size, "sha256": _sha256(path)} for path in sorted(partial.iterdir())
        }
        manifest = {
            "created": stamp,
            "engine": database.engine,
            "database": database.name if database.engine == "postgres" else Path(database.name).name,
            "files": files,
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    partial.rename(final)
    if keep:
        prune(target_dir, keep)
    return final


def complete_backups(target_dir):
    """The complete backup folders under ``target_dir``, oldest first."""
    found = []
    for path in Path(target_dir).iterdir() if Path(target_dir).is_dir() else ():
        try:
            datetime.datetime.strptime(path.name, STAMP_FORMAT)
        except ValueError:
            continue
        if (path / MANIFEST).is_file():
            found.append(path)
    return sorted(found, key=lambda p: p.name)


def newest_age_hours(target_dir=None, now=None):
    """Hours since the newest complete backup under ``target_dir`` was made, or None without one."""
    found = complete_backups(target_dir or backup_dir())
    if not found:
        return None
    made = datetime.datetime.strptime(found[-1].name, STAMP_FORMAT).replace(tzinfo=datetime.UTC)
    return ((now or datetime.datetime.now(datetime.UTC)) - made).total_seconds() / 3600


def prune(target_dir, keep):
    """Delete all but the newest ``keep`` complete backups; return the deleted folders."""
    backups = complete_backups(target_dir)
    doomed = backups[:-keep] if keep > 0 else []
    for path in doomed:
        shutil.rmtree(path)
    return doomed


# --- Restore --------------------------------------------------------------------------------------
def read_manifest(folder):
    """The manifest of a backup folder, after checking every file's size and checksum."""
    folder = Path(folder)
    path = folder / MANIFEST
    if not path.is_file():
        raise BackupError(f"{folder} is not a backup folder (no {MANIFEST}).")
    manifest = json.loads(path.read_text())
    for name, expected in manifest["files"].items():
        file = folder / name
        if not file.is_file():
            raise BackupError(f"{file} is missing: the backup is incomplete.")
        if file.stat().st_size != expected["bytes"] or _sha256(file) != expected["sha256"]:
            raise BackupError(f"{file} does not match its checksum in {MANIFEST}: the backup is damaged.")
    return manifest


def database_is_empty(database):
    """True when the database does not exist or has no table of its own (extensions' tables aside)."""
    if database.engine == "sqlite":
        path = Path(database.name)
        if not path.exists() or path.stat().st_size == 0:
            return True
        with sqlite3.connect(path) as conn:
            (count,) = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name LIKE 'django_%'"
            ).fetchone()
        return count == 0
    if not database_exists(database):
        return True
    tables = database.psql(
        "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'tiger', "
        "'tiger_data', 'topology') AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid "
        "AND d.deptype = 'e')"
    )
    return int(tables[0]) == 0


def database_exists(database):
    rows = database.psql(
        f"SELECT 1 FROM pg_database WHERE datname = '{_literal(database.name)}'",  # noqa: S608 - quoted literal
        dbname="postgres",
    )
    return bool(rows)


def _literal(text):
    return text.replace("'", "''")


def _identifier(text):
    return '"' + text.replace('"', '""') + '"'


def _extract(archive, root):
    """Extract regular files and folders only, each inside ``root`` (no absolute path, no "..", no link
    or device: what tarfile's "data" filter does on Pythons that have it)."""
    members = []
    for member in archive.getmembers():
        parts = Path(member.name).parts
        if Path(member.name).is_absolute() or ".." in parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"{archive.name}: refusing {member.name!r} (outside the folder, a link or a device).")
        member.mode = (member.mode & 0o755) | (0o600 if member.isfile() else 0o700)
        members.append(member)
    archive.extractall(root, members=members)  # noqa: S202 - members checked above


def restore_backup(folder, database=None, roots=None, force=False, media=True):
    """Restore a backup folder into ``database`` (created when missing) and the media folders.

    Refuses a database that has tables, or a media folder that has files, unless ``force``: then the
    database's objects that the backup has are dropped first (``pg_restore --clean``) and the media
    folders are emptied.
    """
    folder = Path(folder)
    manifest = read_manifest(folder)
    database = database or Database.from_settings()
    roots = roots or media_roots()
    if manifest["engine"] != database.engine:
        raise BackupError(
            f"This backup is of a {manifest['engine']} database; the target is {database.engine}. "
            "A PostgreSQL dump restores into PostgreSQL, a SQLite copy into a SQLite file."
        )
    if not force and not database_is_empty(database):
        raise BackupError(
            f"The database {database.name} is not empty. Restore into a new database, or pass --force "
            "(FORCE=1) to replace what it holds."
        )
    if media and not force:
        for kind, root in roots.items():
            if root.is_dir() and any(root.iterdir()):
                raise BackupError(
                    f"{root} ({kind}) is not empty. Restore into empty folders, or pass --force (FORCE=1)."
                )
    if database.engine == "postgres":
        if not database_exists(database):
            database.psql(f"CREATE DATABASE {_identifier(database.name)}", dbname="postgres")
        args = ["pg_restore", *database.client_args(), "--no-owner", "--no-privileges", "--exit-on-error"]
        if force:
            args += ["--clean", "--if-exists"]
        _run([*args, str(folder / POSTGRES_DUMP)], database.client_env())
    else:
        target = Path(database.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".restoring")
        shutil.copyfile(folder / SQLITE_COPY, partial)
        for suffix in ("-wal", "-shm", "-journal"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        partial.replace(target)
    if media:
        for kind, root in roots.items():
            if root.is_dir():
                for child in root.iterdir():
                    shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
            root.mkdir(parents=True, exist_ok=True)
            with tarfile.open(folder / ARCHIVES[kind], "r:gz") as archive:
                _extract(archive, root)
    return manifest
