"""The accuracy command scores only what labels state, per field, and lists every mismatch."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_accuracy_against_hand_labels():
    result = subprocess.run([sys.executable, "-m", "generator", "accuracy", "tests/fixtures/labels", "-v"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    table = {line.split()[0]: line.split()[1:] for line in lines[1:] if not line.startswith("  ")}
    assert table["organisation.name"] == ["1", "1", "100.0%"]
    assert table["statistics.requests"] == ["7", "7", "100.0%"]
    # The glued 6233440 has no unique split: the parser says null, the label knows 62/33/440.
    assert table["statistics.proactive"] == ["0", "3", "0.0%"]
    assert lines[-3:] == [f"  pingtan--pingtan-zone-2024-txt.yaml: statistics.proactive.normative_documents.{k}: expected {v}, parser gives None" for k, v in (("issued", 62), ("repealed", 33), ("in_force", 440))]
    assert [l for l in lines if l.startswith("all fields")] == ["all fields                                     11     14     78.6%"]


def test_accuracy_on_the_shared_pdf_and_its_text():
    # Labels of the real 淮安 2024 PDF and its text extraction, read from ../shared/samples/.
    from documents_support import HUAIAN, shared_file
    shared_file(HUAIAN / "huaian-2024.pdf")
    result = subprocess.run([sys.executable, "-m", "generator", "accuracy", "tests/fixtures/labels-shared",
                             "--sources", str(HUAIAN.parent), "-v"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    table = {line.split()[0]: line.split()[1:] for line in lines[1:] if not line.startswith("  ")}
    assert table["statistics.requests"] == ["28", "28", "100.0%"]
    assert table["statistics.review_litigation"] == ["10", "10", "100.0%"]
    assert [l for l in lines if l.startswith("all fields")] == ["all fields                                     54     54    100.0%"]


def test_accuracy_without_labels_is_a_usage_error(tmp_path):
    result = subprocess.run([sys.executable, "-m", "generator", "accuracy", str(tmp_path)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 2 and "no labelled records" in result.stderr
