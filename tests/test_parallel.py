"""Forked work (records/parallel.py): results come back in order, and a child's failure or
death is reported in the parent, never as a hang or a silent empty result."""
from __future__ import annotations

import os

import pytest
from mkdocs.exceptions import PluginError

from generator.records import parallel


def test_map_shares_keeps_the_order_over_processes():
    items = list(range(103))
    assert parallel.map_shares(lambda x: x * x, items, 3) == [x * x for x in items]


def test_in_child_returns_the_value_made_in_another_process():
    assert parallel.in_child(lambda: (os.getpid(), b"x" * 1000))[0] != os.getpid()


def test_in_child_raises_the_childs_exception_with_its_traceback():
    def failing():
        raise PluginError("数据文件中出现了不公开的联系方式")

    with pytest.raises(PluginError, match="不公开的联系方式") as caught:
        parallel.in_child(failing)
    assert "failing" in caught.value.child_traceback


def test_in_child_reports_a_child_that_died():
    with pytest.raises(parallel.ChildDied) as caught:
        parallel.in_child(lambda: os._exit(3))
    assert caught.value.code == 3
