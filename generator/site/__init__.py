"""Both docs trees → two MkDocs builds (in parallel) → one Pagefind index → ``site/``.

The zh-Hans edition is built at the site root, the zh-Hant edition under ``zh-Hant/`` with identical
relative paths.  Both MkDocs configurations are derived from the repository's ``mkdocs.yml``: the
zh-Hans one changes only the paths (``theme.language: zh-Hans``, whose UI strings are Material's
``zh`` ones: overrides/partials/languages/zh-Hans.html), the zh-Hant one also sets
``theme.language: zh-Hant``, points ``extra.alternate`` back at the Simplified root and converts the
site name and nav titles.  With a ``site_url`` both get absolute URLs too (canonical links, the 404
page, ``hreflang`` alternates).  Pagefind runs once over the finished site and indexes
the zh-Hans pages only: one Simplified index serves both editions (``run_pagefind``).

Builds run with ``ARCHIVE_MANAGED_BUILD=1`` so that the MkDocs hook (hooks/archive.py) neither
regenerates the docs nor builds the other edition itself.

Publishing is atomic.  ``build_site`` holds the site's lock (``.<site>.lock`` beside it) and builds
both editions and the Pagefind index into ``.<site>.staging-<pid>/`` beside the site (same file
system), then swaps the finished tree in with one ``renameat2(RENAME_EXCHANGE)`` (two renames where
that is unavailable) and deletes the old one: at every instant ``<site>`` is the whole old site or
the whole new one.  An interrupted build leaves the old site as it was; staging folders of builds
that died (SIGKILL) are removed by the next build, under the lock.  MkDocs and Pagefind are killed
when the build process dies (``generator.safety.start``) and on SIGINT/SIGTERM before the staging
folder is removed.  ``add_hant_edition`` (the hook, for ``mkdocs serve``) swaps ``zh-Hant/`` and
``pagefind/`` in the same way.
"""

from __future__ import annotations

import copy
import glob
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from generator import safety
from generator.convert import to_traditional

__all__ = [
    "build_site",
    "edition_config",
    "write_edition_config",
    "build_edition",
    "run_pagefind",
    "add_hant_edition",
    "site_lock",
    "remove_stale_staging",
    "ROOT",
    "MANAGED_ENV",
]

ROOT = Path(__file__).resolve().parents[2]
MANAGED_ENV = "ARCHIVE_MANAGED_BUILD"
HANT_DIR = "zh-Hant"


class BuildError(RuntimeError):
    pass


# --------------------------------------------------------------------------------------------
# Configuration


def _load_config(config_file: Path) -> dict:
    return yaml.safe_load(Path(config_file).read_text(encoding="utf-8"))


def _convert_nav(nav: Any) -> Any:
    if isinstance(nav, list):
        return [_convert_nav(item) for item in nav]
    if isinstance(nav, dict):
        return {to_traditional(k): _convert_nav(v) for k, v in nav.items()}
    return nav


def edition_config(
    script: str,
    docs_dir: Path,
    site_dir: Path,
    *,
    config_file: Path = ROOT / "mkdocs.yml",
    site_url: str | None = None,
) -> dict:
    """The MkDocs configuration of one edition, with absolute paths and no hooks/watch."""
    base = _load_config(config_file)
    cfg = copy.deepcopy(base)
    root = Path(config_file).resolve().parent
    cfg["docs_dir"] = str(Path(docs_dir).resolve())
    cfg["site_dir"] = str(Path(site_dir).resolve())
    theme = cfg.setdefault("theme", {})
    if theme.get("custom_dir"):
        theme["custom_dir"] = str((root / theme["custom_dir"]).resolve())
    cfg.pop("hooks", None)  # managed builds: docs are already rendered, the other edition is built here
    cfg.pop("watch", None)
    if os.environ.get(safety.PAUSE_ENV) == "mkdocs":
        # Test hook only (generator.safety.pause_point): the archive hook pauses in on_post_build.
        cfg["hooks"] = [str((root / "hooks" / "archive.py").resolve())]
    if site_url:
        root_url = site_url.rstrip("/") + "/"
        cfg["site_url"] = root_url + (f"{HANT_DIR}/" if script == "zh-Hant" else "")
        for alt in cfg.get("extra", {}).get("alternate", []):
            # Absolute root of each edition, for <link rel="alternate" hreflang> (overrides/main.html).
            alt["url"] = root_url + (f"{HANT_DIR}/" if alt.get("lang") == "zh-Hant" else "")
    if script == "zh-Hant":
        theme["language"] = "zh-Hant"
        cfg["site_name"] = to_traditional(cfg.get("site_name", ""))
        if cfg.get("site_description"):
            cfg["site_description"] = to_traditional(cfg["site_description"])
        cfg["nav"] = _convert_nav(cfg.get("nav"))
        for alt in cfg.get("extra", {}).get("alternate", []):
            # Links are relative to this edition's root: the Simplified root is one level up.
            alt["link"] = "../" if alt.get("lang") != "zh-Hant" else "./"
    elif script != "zh-Hans":
        raise ValueError(f"unknown script {script!r}")
    return cfg


def write_edition_config(cfg: dict, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "# Generated by generator.site from mkdocs.yml; do not edit.\n" + yaml.safe_dump(
        cfg, allow_unicode=True, sort_keys=False)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path


def _mkdocs_command(config_path: Path, strict: bool) -> list[str]:
    cmd = [sys.executable, "-m", "mkdocs", "build", "--clean", "--quiet", "-f", str(config_path)]
    if strict:
        cmd.append("--strict")
    return cmd


def _managed_env(source_date_epoch: int | None = None) -> dict:
    env = dict(os.environ)
    env[MANAGED_ENV] = "1"
    if source_date_epoch is not None:
        # MkDocs dates the sitemap's <lastmod> and the sitemap.xml.gz header from it (it honours
        # SOURCE_DATE_EPOCH); one set by the caller's environment wins.
        env.setdefault("SOURCE_DATE_EPOCH", str(int(source_date_epoch)))
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


# --------------------------------------------------------------------------------------------
# Building


def _run(jobs: list[tuple[str, list[str]]], env: dict | None = None, *, pause: str | None = None) -> None:
    """Run the commands in parallel; BuildError naming each that failed.  The children die with
    this process, and on any exception (SIGINT, SIGTERM, a failure) those still running are killed
    and waited for before it propagates, so none writes on into a folder being removed."""
    procs: list[tuple[str, subprocess.Popen]] = []
    try:
        for name, cmd in jobs:
            procs.append((name, safety.start(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                             stderr=subprocess.PIPE, text=True)))
        if pause:
            safety.pause_point(pause)
        failures = []
        for name, proc in procs:
            out, err = proc.communicate()
            if proc.returncode != 0:
                failures.append(f"{name} failed:\n{out}\n{err}")
        if failures:
            raise BuildError("\n".join(failures))
    finally:
        safety.reap([proc for _, proc in procs])


def build_edition(
    script: str,
    docs_dir: Path,
    site_dir: Path,
    work_dir: Path,
    *,
    config_file: Path = ROOT / "mkdocs.yml",
    strict: bool = True,
    site_url: str | None = None,
    source_date_epoch: int | None = None,
) -> None:
    """Build one edition synchronously (used by the MkDocs hook for the zh-Hant edition)."""
    cfg = edition_config(script, docs_dir, site_dir, config_file=config_file, site_url=site_url)
    path = write_edition_config(cfg, Path(work_dir) / f"mkdocs.{script}.yml")
    _run([(f"mkdocs build ({script})", _mkdocs_command(path, strict))], _managed_env(source_date_epoch))


# The pages Pagefind indexes: every page except those under zh-Hant/ (no other top-level folder of
# the site starts with "zh").  Pagefind's globs (the wax crate) have no negation but character
# classes: the site root's pages, any folder not starting with "z", any "z…" not starting with "zh".
PAGEFIND_GLOB = "{*.html,[!z]*/**/*.html,z[!h]*/**/*.html}"


def run_pagefind(site_dir: Path, output: Path | None = None) -> None:
    """Index the site once, in Simplified; writes ``site_dir/pagefind/`` (or ``output``).

    One index serves both editions: only the zh-Hans pages are indexed (``PAGEFIND_GLOB``), so the
    index holds each report once, in Simplified, and its one ``zh-hans`` language is the one the
    zh-Hant pages load too (Pagefind falls back to the largest index when none matches
    ``<html lang>``).  The search page (overrides/assets/archive-search.js) converts the query to
    Simplified and, on the zh-Hant edition, maps each result to the zh-Hant page and shows it in
    Traditional script."""
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--quiet", "--glob", PAGEFIND_GLOB]
    cmd += ["--output-path", str(Path(output).resolve())] if output else ["--output-subdir", "pagefind"]
    _run([("pagefind", cmd)], pause="pagefind")


# --------------------------------------------------------------------------------------------
# Lock, staging and the switch


def site_lock(site_dir: Path, *, wait: bool = False):
    """The exclusive lock of one site directory: ``.<name>.lock`` beside it (``safety.LockHeld``
    when another build holds it, unless ``wait``)."""
    site_dir = Path(site_dir).resolve()
    return safety.exclusive_lock(site_dir.parent / f".{site_dir.name}.lock", f"site directory {site_dir}", wait=wait)


def _staging_dir(site_dir: Path) -> Path:
    return site_dir.parent / f".{site_dir.name}.staging-{os.getpid()}"


def remove_stale_staging(site_dir: Path, work_dir: Path | None = None) -> list[Path]:
    """Staging folders of builds of this site that died (call with the site's lock held: then no
    other build can be using one).  Also the ``zh-Hant-site-*`` / ``zh-Hant-serve-*`` folders that
    earlier versions left in the work directory."""
    site_dir = Path(site_dir).resolve()
    stale = [Path(p) for p in glob.glob(str(site_dir.parent / f".{glob.escape(site_dir.name)}.staging-*"))]
    if work_dir is not None:
        for pattern in ("zh-Hant-site-*", "zh-Hant-serve-*"):
            stale += [Path(p) for p in glob.glob(str(Path(work_dir) / pattern))]
    for path in stale:
        _remove(path)
    return stale


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif os.path.lexists(path):
        path.unlink()


def _publish(new: Path, target: Path) -> None:
    """Put the finished tree ``new`` at ``target`` (same file system): one atomic swap, then the old
    tree (now at ``new``'s path, or ``<new>.old``) is deleted."""
    if not os.path.lexists(target):
        os.rename(new, target)
        return
    if target.is_dir() and not target.is_symlink():
        os.chmod(new, stat.S_IMODE(os.stat(target).st_mode))
    if safety.exchange(new, target):
        old = new
    else:  # no renameat2: a moment without target between the two renames
        old = new.with_name(new.name + ".old")
        os.rename(target, old)
        os.rename(new, target)
    _remove(old)


def build_site(
    docs_hans: Path,
    docs_hant: Path,
    site_dir: Path,
    *,
    config_file: Path = ROOT / "mkdocs.yml",
    work_dir: Path | None = None,
    strict: bool = True,
    site_url: str | None = None,
    pagefind: bool = True,
    source_date_epoch: int | None = None,
) -> Path:
    """Build both editions in parallel and index them with Pagefind.  Returns ``site_dir``.

    docs_hans    the zh-Hans docs tree (``content/``), including the shared data files
    docs_hant    the zh-Hant docs tree (``build/zh-Hant/docs``)
    site_dir     output; replaced entirely and at once.  zh-Hans at its root, zh-Hant under
                 ``zh-Hant/``.  Built in ``.<name>.staging-<pid>/`` beside it (with the generated
                 MkDocs configs), under the lock ``.<name>.lock``; see the module docstring
    work_dir     only swept of the staging folders earlier versions left there
                 (default: ``build/`` in the repository)
    strict       pass ``--strict`` to MkDocs (warnings fail the build)
    site_url     optional canonical URL of the zh-Hans root (e.g. a GitHub Pages project URL);
                 all links are relative either way
    pagefind     run Pagefind after the builds
    source_date_epoch  SOURCE_DATE_EPOCH for MkDocs (sitemap dates) unless the environment sets one
    """
    site_dir = Path(site_dir).resolve()
    work_dir = Path(work_dir or ROOT / "build").resolve()
    with site_lock(site_dir):
        remove_stale_staging(site_dir, work_dir)
        staging = _staging_dir(site_dir)
        new_site, hant = staging / "site", staging / HANT_DIR
        try:
            staging.mkdir(parents=True)
            jobs = []
            for script, docs, out in (("zh-Hans", docs_hans, new_site), ("zh-Hant", docs_hant, hant)):
                # Two output folders: MkDocs --clean empties its own site_dir.
                cfg = edition_config(script, docs, out, config_file=config_file, site_url=site_url)
                path = write_edition_config(cfg, staging / f"mkdocs.{script}.yml")
                jobs.append((f"mkdocs build ({script})", _mkdocs_command(path, strict)))
            _run(jobs, _managed_env(source_date_epoch))
            os.rename(hant, new_site / HANT_DIR)
            if pagefind:
                run_pagefind(new_site)
            _publish(new_site, site_dir)
        finally:
            _remove(staging)
    return site_dir


def add_hant_edition(site_dir: Path, docs_hant: Path, work_dir: Path, *, strict: bool = False) -> Path:
    """Build the zh-Hant edition into ``site_dir/zh-Hant`` and index the whole site (for the hook).

    Under the site's lock (waiting for it); the edition and the index are built in a staging folder
    beside the site and each swapped in at once, so ``zh-Hant/`` and ``pagefind/`` are always whole."""
    site_dir = Path(site_dir).resolve()
    work_dir = Path(work_dir)
    with site_lock(site_dir, wait=True):
        remove_stale_staging(site_dir, work_dir)
        staging = _staging_dir(site_dir)
        try:
            staging.mkdir(parents=True)
            build_edition("zh-Hant", docs_hant, staging / HANT_DIR, staging, strict=strict)
            _publish(staging / HANT_DIR, site_dir / HANT_DIR)
            run_pagefind(site_dir, output=staging / "pagefind")
            _publish(staging / "pagefind", site_dir / "pagefind")
        finally:
            _remove(staging)
    return site_dir / HANT_DIR
