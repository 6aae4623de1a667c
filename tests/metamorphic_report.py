"""Pytest plugin (registered by tests/test_metamorphic.py): prints the metamorphic suite's
invariance rate per transformation at the end of the run, so `make test` shows it."""
from __future__ import annotations


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    import metamorphic
    results = metamorphic.RESULTS
    if not results:
        return
    tr = terminalreporter
    tr.section("metamorphic invariance")
    tr.write_line(f"{'transformation':32s} {'applied':>7s} {'same':>5s} {'null+':>5s} {'xfail':>5s} {'fail':>5s} {'rate':>7s}")
    for name in sorted(results, key=lambda n: (n.startswith("pairs"), n)):
        c = results[name]
        applied = c["same"] + c["null-ok"] + c["changed"]
        rate = (c["same"] + c["null-ok"]) / applied if applied else 1.0
        tr.write_line(f"{name:32s} {applied:7d} {c['same']:5d} {c['null-ok']:5d} {c['expected']:5d} "
                      f"{c['changed'] - c['expected']:5d} {rate:7.1%}")
    tr.write_line("same: metadata and figures unchanged; null+: only fields the transformation destroys became null, "
                  "each with its reason in nulls; xfail: known failures (reasons in tests/metamorphic.py)")
