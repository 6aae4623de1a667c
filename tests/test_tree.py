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
