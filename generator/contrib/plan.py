"""What an import is going to do, as values: the problems (Issue, located at a row and
column of the sheet), the files to write (Write), and the notes for the user (Plan).
The commands print them; nothing here prints or writes."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..records.privacy import mask
from .sheets import letter

# problems with the sheet itself (row problems use the records' own codes); CONTRIBUTING
# explains each
SHEET_CODES = {
    "sheet-format": "不是可以读取的表格文件类型",
    "sheet-unreadable": "文件无法打开",
    "sheet-encoding": "CSV 编码无法识别",
    "sheet-too-large": "工作表过大",
    "sheet-choice": "不清楚该读哪个工作表",
    "sheet-no-header": "找不到列名行",
    "duplicate-column": "同一列名出现两次",
    "missing-column": "缺少必需的列",
    "formula-no-value": "公式没有保存计算结果",
    "number-lost": "数字已被 Excel 改坏",
    "duplicate-row": "同一条记录出现在两行",
    "row-mismatch": "编号与这一行的姓名或名称不符",
    "ambiguous-ref": "名称对应多条记录",
    "unknown-id": "编号不存在",
    "not-in-pool": "不属于指定的师资库",
    "layout-kept": "无法在保留原有格式的前提下修改文件",
}


@dataclass(frozen=True)
class Issue:
    """One problem, at a row and column of the sheet when it has one."""

    code: str
    message: str
    row: int | None = None
    col: int | None = None
    header: str | None = None

    def text(self, file: str) -> str:
        where = file
        if self.row is not None:
            where += f" 第 {self.row} 行"
        if self.col is not None:
            where += f" {letter(self.col)} 列" + (f"（{self.header}）" if self.header else "")
        return mask(f"{where}：错误[{self.code}] {self.message}")


@dataclass
class Write:
    rel: str
    old: str | None  # None: a new file
    new: str
    row: int
    title: str
    fields: list[str] = field(default_factory=list)  # Chinese titles of changed fields


@dataclass
class Plan:
    kind: str
    file: str
    rows: int = 0
    notes: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    writes: list[Write] = field(default_factory=list)
    unchanged: int = 0
    changes: list[tuple] = field(default_factory=list)  # (kind, path, old data, new data) for the diff summary
    defaulted: dict[tuple, list[int]] = field(default_factory=dict)  # (field title, value) -> rows
    matched: dict[str, int] = field(default_factory=dict)  # record path -> the row that updates it
