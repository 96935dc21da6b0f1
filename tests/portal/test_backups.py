"""Backups: `manage.py backup` and `manage.py restore` (portal/backups.py, docs/operations.md).

The restore drill works on throw-away databases of its own, next to the test database and dropped
afterwards: it never writes to (or flushes) the test database, which it only reads, through pg_dump.
"""

import hashlib
import io
import json
import os
import secrets
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from portal import backups

ROOT = Path(settings.BASE_DIR)

# The tables whose loss would hurt most; the drill compares their rows one by one (a checksum of every
# row in key order) and the row count of every table.
KEY_TABLES = {
    "users": "portal_user",
    "organisations": "partners_organisation",
    "practices": "practices_practice",
    "proposals": "projects_proposal",
    "subscribers": "newsletter_subscriber",
}


def _tree(root):
    """Every file under root with its bytes' SHA-256."""
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(Path(root).rglob("*"))
        if path.is_file()
    }


def _sqlite_database(path, rows=3):
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE django_migrations (id integer primary key, app text, name text)")
        conn.execute("CREATE TABLE portal_user (id integer primary key, email text)")
        conn.executemany("INSERT INTO portal_user (email) VALUES (?)", [(f"u{i}@example.org",) for i in range(rows)])
    return backups.Database("sqlite", str(path))


def _media(tmp_path, name):
    roots = {"media": tmp_path / name / "media", "private_media": tmp_path / name / "private_media"}
    for root in roots.values():
        root.mkdir(parents=True)
    return roots


# --- The embedded SpatiaLite default -------------------------------------------------------------
def test_a_sqlite_backup_restores_the_file_and_both_media_folders(tmp_path):
    source = _sqlite_database(tmp_path / "db.sqlite3")
    roots = _media(tmp_path, "source")
    (roots["media"] / "images").mkdir()
    (roots["media"] / "images" / "logo.png").write_bytes(b"\x89PNG logo")
    (roots["private_media"] / "proposals").mkdir()
    (roots["private_media"] / "proposals" / "budget.pdf").write_bytes(b"%PDF-1.7 confidential")

    folder = backups.make_backup(tmp_path / "backups", source, roots)

    assert sorted(p.name for p in folder.iterdir()) == [
        "database.sqlite3",
        "manifest.json",
        "media.tar.gz",
        "private_media.tar.gz",
    ]
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["engine"] == "sqlite"

    target = backups.Database("sqlite", str(tmp_path / "restored" / "db.sqlite3"))
    restored = _media(tmp_path, "restored")
    backups.restore_backup(folder, target, restored)

    with sqlite3.connect(target.name) as conn:
        assert conn.execute("SELECT email FROM portal_user ORDER BY id").fetchall() == [
            ("u0@example.org",),
            ("u1@example.org",),
            ("u2@example.org",),
        ]
    assert _tree(restored["media"]) == _tree(roots["media"]) and "images/logo.png" in _tree(roots["media"])
    assert _tree(restored["private_media"]) == _tree(roots["private_media"])


def test_restore_refuses_a_database_or_media_folder_that_holds_something_unless_forced(tmp_path):
    source = _sqlite_database(tmp_path / "db.sqlite3", rows=2)
    roots = _media(tmp_path, "source")
    (roots["media"] / "a.txt").write_text("new")
    folder = backups.make_backup(tmp_path / "backups", source, roots)

    target = _sqlite_database(tmp_path / "live.sqlite3", rows=5)
    with pytest.raises(backups.BackupError, match="is not empty. Restore into a new database, or pass --force"):
        backups.restore_backup(folder, target, _media(tmp_path, "empty"))

    busy = _media(tmp_path, "busy")
    (busy["private_media"] / "old.pdf").write_text("old")
    with pytest.raises(backups.BackupError, match="private_media.*is not empty"):
        backups.restore_backup(folder, backups.Database("sqlite", str(tmp_path / "new.sqlite3")), busy)
    assert not (tmp_path / "new.sqlite3").exists()

    backups.restore_backup(folder, target, busy, force=True)
    with sqlite3.connect(target.name) as conn:
        assert conn.execute("SELECT count(*) FROM portal_user").fetchone() == (2,)
    assert _tree(busy["media"]) == _tree(roots["media"]) and not (busy["private_media"] / "old.pdf").exists()


def test_a_damaged_or_foreign_backup_is_refused_before_anything_is_touched(tmp_path):
    source = _sqlite_database(tmp_path / "db.sqlite3")
    folder = backups.make_backup(tmp_path / "backups", source, _media(tmp_path, "source"))
    with open(folder / "database.sqlite3", "r+b") as f:
        f.seek(200)
        f.write(b"\x00garbage")
    target = tmp_path / "restored.sqlite3"
    with pytest.raises(backups.BackupError, match="does not match its checksum in manifest.json"):
        backups.restore_backup(folder, backups.Database("sqlite", str(target)), _media(tmp_path, "t1"))
    assert not target.exists()

    postgres = backups.Database("postgres", "portal_elsewhere")
    good = backups.make_backup(tmp_path / "backups2", source, _media(tmp_path, "source2"))
    with pytest.raises(backups.BackupError, match="backup is of a sqlite database; the target is postgres"):
        backups.restore_backup(good, postgres, _media(tmp_path, "t2"))


def test_an_archive_with_a_path_outside_its_folder_is_refused(tmp_path):
    source = _sqlite_database(tmp_path / "db.sqlite3")
    folder = backups.make_backup(tmp_path / "backups", source, _media(tmp_path, "source"))
    with tarfile.open(folder / "media.tar.gz", "w:gz") as archive:
        info = tarfile.TarInfo("../../escaped.txt")
        info.size = 4
        archive.addfile(info, io.BytesIO(b"evil"))
    manifest = json.loads((folder / "manifest.json").read_text())
    data = (folder / "media.tar.gz").read_bytes()
    manifest["files"]["media.tar.gz"] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    (folder / "manifest.json").write_text(json.dumps(manifest))

    restored = _media(tmp_path, "restored")
    with pytest.raises(backups.BackupError, match="refusing '../../escaped.txt'"):
        backups.restore_backup(folder, backups.Database("sqlite", str(tmp_path / "r.sqlite3")), restored)
    assert not (tmp_path / "escaped.txt").exists()


def test_backups_are_timestamped_folders_and_only_the_newest_are_kept(tmp_path):
    import datetime

    source = _sqlite_database(tmp_path / "db.sqlite3")
    roots = _media(tmp_path, "source")
    start = datetime.datetime(2026, 12, 1, 2, 0, tzinfo=datetime.UTC)
    for day in range(5):
        backups.make_backup(tmp_path / "b", source, roots, keep=3, now=start + datetime.timedelta(days=day))
    (tmp_path / "b" / "20261207T020000Z.partial").mkdir()  # a backup cut short: never counted, never kept
    assert [p.name for p in backups.complete_backups(tmp_path / "b")] == [
        "20261203T020000Z",
        "20261204T020000Z",
        "20261205T020000Z",
    ]


def test_the_commands_say_what_they_did_and_why_they_refuse(tmp_path, settings, monkeypatch):
    source = _sqlite_database(tmp_path / "db.sqlite3")
    roots = _media(tmp_path, "source")
    settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT = roots["media"], roots["private_media"]
    # The commands read the configured database: here the file above.
    monkeypatch.setattr(backups.Database, "from_settings", classmethod(lambda cls, s=None: source))
    out = io.StringIO()
    call_command("backup", "--dir", str(tmp_path / "b"), "--keep", "2", stdout=out)
    folder = Path(out.getvalue().strip())
    assert folder.parent == tmp_path / "b" and (folder / "manifest.json").is_file()
    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", str(folder), "--no-media")
    with pytest.raises(CommandError, match="is not a backup folder"):
        call_command("restore", str(tmp_path), "--database", str(tmp_path / "x.sqlite3"))
    out = io.StringIO()
    call_command("restore", str(folder), "--database", str(tmp_path / "x.sqlite3"), "--no-media", stdout=out)
    assert f"Restored the backup of {folder.name} into {tmp_path / 'x.sqlite3'}." in out.getvalue()


# --- The restore drill on PostGIS ---------------------------------------------------------------
def _url(db, name):
    credentials = db.user + (f":{db.password}" if db.password else "")
    return f"postgis://{credentials}@{db.host or '127.0.0.1'}:{db.port or 5432}/{name}"


def _table_figures(db, name, tables):
    """{table: (row count, md5 of every row's text in key order)} read through psql."""
    figures = {}
    for table in tables:
        sql = "SELECT count(*) || ' ' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t.id)), '') FROM "
        (row,) = db.psql(sql + f'"{table}" t', dbname=name)
        figures[table] = tuple(row.split(" "))
    return figures


def _all_counts(db, name):
    tables = db.psql(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'spatial_ref_sys' "
        "ORDER BY tablename",
        dbname=name,
    )
    counts = {}
    for table in tables:
        (count,) = db.psql(f'SELECT count(*) FROM "{table}"', dbname=name)  # noqa: S608 - from the catalogue
        counts[table] = int(count)
    return counts


# A guard against a hung command, not a speed goal: migrating the drill's source database took over 300 s
# with the machine's two cores shared by other test runs.
MANAGE_TIMEOUT = 1200


def _manage(*args, env):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=MANAGE_TIMEOUT
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


# The mark makes pytest-django create the test database when this test runs alone (see test_database_restart).
@pytest.mark.django_db
@pytest.mark.postgis
def test_restore_drill_into_a_fresh_database_gives_the_same_rows_and_files(django_db_setup, tmp_path):
    from django.db import connection, connections

    server = backups.Database.from_settings(connection.settings_dict)
    test_db = connection.settings_dict["NAME"]
    base = test_db.removeprefix("test_")
    token = secrets.token_hex(4)
    source_name, fresh_name = f"{base}_drill_src_{token}", f"{base}_drill_{token}"
    watched = ["django_migrations", "django_content_type", "wagtailcore_page", "auth_group", "wagtailcore_site"]
    test_db_before = _table_figures(server, test_db, watched)

    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    env.update(DEBUG="1", DATABASE_URL=_url(server, source_name))
    source_media = _media(tmp_path, "source")
    env.update(MEDIA_ROOT=str(source_media["media"]), PRIVATE_MEDIA_ROOT=str(source_media["private_media"]))
    try:
        # The source: a database migrated from scratch in a subprocess, then the demo data. Not a copy of
        # the test database: transactional tests before this one flush the rows its migrations seeded
        # (groups, vocabularies), which seed_demo needs.
        connections.close_all()
        server.psql(f'CREATE DATABASE "{source_name}"', dbname="postgres")
        server.psql("CREATE EXTENSION IF NOT EXISTS postgis", dbname=source_name)
        _manage("migrate", "--no-input", env=env)
        _manage("seed_demo", env=env)
        # Uploads of both kinds, beside whatever the demo data stored.
        (source_media["media"] / "original_images").mkdir(parents=True, exist_ok=True)
        (source_media["media"] / "original_images" / "field.jpg").write_bytes(b"\xff\xd8\xff" + os.urandom(4096))
        (source_media["private_media"] / "proposals").mkdir(parents=True, exist_ok=True)
        (source_media["private_media"] / "proposals" / "budget.pdf").write_bytes(b"%PDF-1.7 " + os.urandom(2048))

        folder = Path(_manage("backup", "--dir", str(tmp_path / "backups"), env=env).strip())
        assert (folder / "database.dump").is_file() and folder.name.endswith("Z")

        fresh_media = {"media": tmp_path / "fresh" / "media", "private_media": tmp_path / "fresh" / "private_media"}
        out = _manage(
            "restore",
            str(folder),
            "--database",
            fresh_name,
            "--media-root",
            str(fresh_media["media"]),
            "--private-media-root",
            str(fresh_media["private_media"]),
            env=env,
        )
        assert f"into {fresh_name}." in out

        source_figures = _table_figures(server, source_name, KEY_TABLES.values())
        fresh_figures = _table_figures(server, fresh_name, KEY_TABLES.values())
        assert fresh_figures == source_figures
        assert all(int(count) > 0 for count, _ in source_figures.values()), source_figures
        assert _all_counts(server, fresh_name) == _all_counts(server, source_name)
        assert "original_images/field.jpg" in _tree(fresh_media["media"])
        assert _tree(fresh_media["media"]) == _tree(source_media["media"])
        assert "proposals/budget.pdf" in _tree(fresh_media["private_media"])
        assert _tree(fresh_media["private_media"]) == _tree(source_media["private_media"])

        # A second restore into the now full database is refused and changes nothing.
        result = subprocess.run(
            [sys.executable, "manage.py", "restore", str(folder), "--database", fresh_name, "--no-media"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 1 and f"The database {fresh_name} is not empty" in result.stderr
    finally:
        for name in (source_name, fresh_name):
            server.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', dbname="postgres")
    assert not backups.database_exists(server.named(fresh_name))
    assert _table_figures(server, test_db, watched) == test_db_before
