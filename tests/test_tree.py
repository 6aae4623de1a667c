"""generator.tree: the fast walk the build uses for stamps, digests and the incremental site."""
from __future__ import annotations

import os

from generator import tree


def test_files_lists_every_file_once_in_name_order_without_following_links(tmp_path):
    for rel in ("b/z.txt", "b/a/deep.txt", "a.txt", "c/.hidden", "b/y.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(rel)
    (tmp_path / "empty").mkdir()
    os.symlink(tmp_path / "b", tmp_path / "link-to-b")
    listed = [rel for rel, _ in tree.files(tmp_path, sort=True)]
    assert listed == ["a.txt", "b/y.txt", "b/z.txt", "b/a/deep.txt", "c/.hidden"]
    assert sorted(rel for rel, _ in tree.files(tmp_path)) == sorted(listed)
    assert tree.stamp(tmp_path) == [5, sum(len(r) for r in listed)]
    assert tree.stamp(tmp_path / "missing") == [0, 0]
    assert list(tree.files(tmp_path / "a.txt")) == []
    assert [p.relative_to(tmp_path).as_posix() for p in tree.directories_deepest_first(tmp_path)][:1] == ["b/a"]


def _contents(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_sync_links_changes_only_what_differs(tmp_path):
    live, copy_ = tmp_path / "live", tmp_path / "copy"
    files = {"a.txt": "a", "same/b.txt": "b", "changed.txt": "new", "dir-now/x.txt": "x", "new/deep/c.txt": "c"}
    for rel, text in files.items():
        (live / rel).parent.mkdir(parents=True, exist_ok=True)
        (live / rel).write_text(text, encoding="utf-8")
    (live / "empty").mkdir()
    (copy_ / "same").mkdir(parents=True)
    os.link(live / "a.txt", copy_ / "a.txt")
    os.link(live / "same" / "b.txt", copy_ / "same" / "b.txt")
    (copy_ / "changed.txt").write_text("old", encoding="utf-8")          # another file at the same path
    (copy_ / "dir-now").write_text("a file where live has a folder", encoding="utf-8")
    (copy_ / "gone" / "deeper").mkdir(parents=True)
    (copy_ / "gone" / "deeper" / "g.txt").write_text("g", encoding="utf-8")
    assert tree.sync_links(live, copy_) == {"linked": 3, "removed": 2, "kept": 2}
    assert _contents(copy_) == _contents(live) and (copy_ / "empty").is_dir() and not (copy_ / "gone").exists()
    assert all(os.path.samefile(live / rel, copy_ / rel) for rel in files)
    assert (live / "changed.txt").read_text(encoding="utf-8") == "new"
    assert tree.sync_links(live, copy_) == {"linked": 0, "removed": 0, "kept": 5}

