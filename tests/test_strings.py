"""The string catalogue (generator/render/strings/): every id used has a text, every text is used,
the zh-Hant exceptions are real exceptions, and no user-facing Chinese is left outside it."""

import ast
import re
import string
from pathlib import Path

import jinja2
import pytest
import yaml
from jinja2 import nodes

from generator.convert import to_traditional
from generator.render import CHECK_LABELS, CLEANING_LABELS, label_of, render_pages, strings
from generator.render.environment import TEMPLATES, env, t
from generator.render.fields import LEGACY_FIELD_IDS, SECTIONS
from generator.render.safe import KEEP_CLOSE, KEEP_OPEN, finish

ROOT = Path(__file__).resolve().parents[1]
RENDER = ROOT / "generator" / "render"
OVERRIDES = ROOT / "overrides"
# Han characters, CJK punctuation and full-width forms: "年", "、", "（".
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
# A Jinja comment of the page templates ({## … ##}) or of the theme ({# … #}, {#- … -#}).
JINJA_COMMENT = re.compile(r"\{##.*?##\}|\{#.*?#\}", re.S)
# An emitted cleaning step (generator/clean, extract, parse): note("pdf-table", …) or {"step": "convert", …}.
STEP_LITERAL = re.compile(r"""\bnote\(\s*"([a-z-]+)"|"step":\s*"([a-z-]+)\"""")

CATALOGUE = strings.catalogue()


def _t_calls(source: str, environment: jinja2.Environment, owner: str | None = None) -> list[tuple[str, set[str]]]:
    """(id, keyword names) of every ``t("id", …)`` call (``owner.t(…)`` when owner is given) in a template."""
    calls = []
    for call in environment.parse(source).find_all(nodes.Call):
        fn = call.node
        if owner is None:
            ours = isinstance(fn, nodes.Name) and fn.name == "t"
        else:
            ours = isinstance(fn, nodes.Getattr) and fn.attr == "t" and getattr(fn.node, "name", None) == owner
        if ours:
            assert call.args and isinstance(call.args[0], nodes.Const), f"t() needs a literal id: {source[:80]}"
            calls.append((call.args[0].value, {k.key for k in call.kwargs}))
    return calls


def _template_calls() -> list[tuple[str, set[str]]]:
    out = []
    for path in sorted(TEMPLATES.glob("*.j2")):
        out += _t_calls(path.read_text(encoding="utf-8"), env())
    return out


def _theme_calls() -> list[tuple[str, set[str]]]:
    plain = jinja2.Environment()
    out = []
    for path in sorted(OVERRIDES.rglob("*.html")):
        if "assets" in path.parts or path.name == "archive-strings.html":
            continue
        out += [(strings.THEME_PREFIX + i, kw) for i, kw in _t_calls(path.read_text(encoding="utf-8"), plain, "strings")]
    return out


def _python_usage() -> tuple[set[str], set[str], set[str]]:
    """(ids passed to text() as literals, other string literals, group() prefixes) in generator/render."""
    called, literals, groups = set(), set(), set()
    for path in sorted(RENDER.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
                func = node.func
                # text("id") / strings.text("id"), group("prefix") / strings.group("prefix"); not m.group(1)
                name = func.id if isinstance(func, ast.Name) else (
                    func.attr if isinstance(func, ast.Attribute) and getattr(func.value, "id", None) == "strings" else None)
                if name == "text":
                    called.add(node.args[0].value)
                elif name == "group":
                    groups.add(node.args[0].value)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
    return called, literals, groups


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_template_id_has_a_text_with_the_same_placeholders():
    calls = _template_calls()
    assert len(calls) > 100
    for string_id, keywords in calls:
        assert string_id in CATALOGUE, f"template uses t({string_id!r}) with no text in zh-Hans.yaml"
        assert keywords == _placeholders(CATALOGUE[string_id]), string_id


def test_every_theme_id_has_a_text():
    calls = _theme_calls()
    assert {i for i, _ in calls} == {"theme.404.title", "theme.404.before_link", "theme.404.link", "theme.404.after_link"}
    for string_id, keywords in calls:
        assert string_id in CATALOGUE and not keywords


def test_every_python_id_has_a_text():
    called, _, groups = _python_usage()
    assert {"value.null", "cell.inferred", "copy.intro", "error.front_matter"} <= called
    assert not called - CATALOGUE.keys(), f"text() ids with no text: {sorted(called - CATALOGUE.keys())}"
    assert groups == {"template", "template_short", "status", "source_format", "check", "cleaning", "name_source", "field"}
    for string_id in [*(s for _, s in SECTIONS.values()), *LEGACY_FIELD_IDS.values()]:
        assert string_id in CATALOGUE


def test_every_catalogue_entry_is_used():
    _, literals, groups = _python_usage()
    used = {i for i, _ in _template_calls()} | {i for i, _ in _theme_calls()} | literals
    unused = [i for i in CATALOGUE if i not in used and i.split(".", 1)[0] not in groups]
    assert unused == []


def test_zh_hant_holds_only_real_exceptions():
    hant = strings.catalogue("zh-Hant")
    assert hant == {"theme.404.after_link": "，或用上方的搜尋框查找。"}
    for string_id, text in hant.items():
        assert string_id in CATALOGUE
        assert text != to_traditional(CATALOGUE[string_id]), f"{string_id} is the plain conversion: drop it"


def test_catalogue_files_are_flat_string_maps():
    for script in strings.SCRIPTS:
        data = yaml.safe_load((RENDER / "strings" / f"{script}.yaml").read_text(encoding="utf-8"))
        assert all(isinstance(k, str) and isinstance(v, str) and v for k, v in data.items())
    with pytest.raises(ValueError):
        strings.catalogue("zh-TW")


def test_theme_partial_is_current():
    """overrides/partials/archive-strings.html is `python -m generator.render.strings` output."""
    assert strings.THEME_PARTIAL.read_text(encoding="utf-8") == strings.theme_partial()
    assert '"404.after_link": "，或用上方的搜尋框查找。"' in strings.theme_partial()
    assert '"404.link": "首頁"' in strings.theme_partial()


def test_no_chinese_outside_the_catalogue():
    for path in sorted(TEMPLATES.glob("*.j2")):
        assert not CJK.search(JINJA_COMMENT.sub("", path.read_text(encoding="utf-8"))), path.name
    for path in [OVERRIDES / "main.html", OVERRIDES / "404.html", *sorted((OVERRIDES / "partials").glob("*.html"))]:
        if path.name != "archive-strings.html":
            assert not CJK.search(JINJA_COMMENT.sub("", path.read_text(encoding="utf-8"))), path.name


def test_text_fills_placeholders():
    assert strings.text("list.failed", n=3) == "3 项未通过"
    assert strings.text("fieldpath.legacy_row_named", n=4, label="{x}") == "第 4 行“{x}”"
    assert strings.group("status") == {"pass": "通过", "fail": "未通过", "not_applicable": "不适用"}


def test_t_escapes_values_and_keeps_zh_hant_exceptions_as_written():
    hans, hant = {"script": "zh-Hans"}, {"script": "zh-Hant"}
    assert t(hans, "list.failed", n="<b>") == "&lt;b&gt; 项未通过"
    assert t(hans, "list.failed", n=None) == " 项未通过"
    assert t(hans, "list.failed", n="a\nb") == "a<br>\nb 项未通过"
    assert t(hant, "list.failed", n=2) == "2 项未通过"          # converted later, with the page
    marked = t(hant, "theme.404.after_link")
    assert marked == KEEP_OPEN + "，或用上方的搜尋框查找。" + KEEP_CLOSE
    assert finish(f"<p>{marked}</p>", "zh-Hant") == "<p>，或用上方的搜尋框查找。</p>"
    assert finish(str(t(hans, "theme.404.after_link")), "zh-Hant") == "，或用上方的搜索框查找。"


def _emitted_steps() -> set[str]:
    steps = set()
    for path in (ROOT / "generator").rglob("*.py"):
        if RENDER not in path.parents:
            steps |= {a or b for a, b in STEP_LITERAL.findall(path.read_text(encoding="utf-8"))}
    return steps


def test_every_cleaning_step_has_a_label_and_every_label_a_step():
    steps = _emitted_steps()
    assert {"pdf-table", "convert", "characters", "decode", "spam-url", "split"} <= steps
    assert steps == set(CLEANING_LABELS)


def test_every_check_and_step_in_the_committed_records_is_named():
    checks, steps = set(), set()
    for path in sorted((ROOT / "site_data" / "records").glob("*.yaml")):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        checks |= {c["id"] for c in record.get("checks") or []}
        steps |= {c["step"] for c in record.get("cleaning") or []}
    assert checks and steps
    assert [c for c in sorted(checks) if label_of(CHECK_LABELS, c) is None] == []
    assert steps <= set(CLEANING_LABELS)


def test_every_emitted_cleaning_step_renders_with_its_label():
    record = yaml.safe_load(sorted((ROOT / "tests" / "fixtures" / "render" / "records").glob("*.yaml"))[0]
                            .read_text(encoding="utf-8"))
    record["cleaning"] = [{"step": step, "detail": "x"} for step in sorted(_emitted_steps())]
    page = render_pages([record], [], "zh-Hans")[f"reports/{record['id']}/text.md"]     # what cleaning did: beside the text
    assert '<td>格式转换 <code class="machine-id">convert</code></td>' in page
    assert '<td>PDF 跨页表格 <code class="machine-id">pdf-table</code></td>' in page
    # An id with no label is shown raw (no machine-id class): none of the emitted steps is.
    assert re.findall(r"<tr><td><code>([^<]*)</code></td>", page) == []
