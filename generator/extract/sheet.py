"""Spreadsheet statistics attachments (.xlsx) → lines, with openpyxl (read-only, cached values).

Every sheet's rows become ``|cell|…|`` lines at the sheet's full width (the record's cleaning
list names the sheets); merged cells keep their value
in the first cell only. Formulas are never evaluated: the value Excel cached is what the body
published (a formula cell without a cached value is blank, and the record says so).
"""
from __future__ import annotations

import io
import warnings

from ..ingest import SourceError
from . import Extracted
from .common import check_zip, row_line

MAX_CELLS = 200_000


def _value(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def extract_xlsx(data: bytes) -> Extracted:
    check_zip(data, "xl/workbook.xml", "电子表格")
    import openpyxl
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise SourceError(f"电子表格文件损坏，无法读取（{exc.__class__.__name__}）") from exc
    out = Extracted(lines=[], kind="xlsx")
    cells = 0
    try:
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                cells += len(row)
                if cells > MAX_CELLS:
                    raise SourceError(f"电子表格的单元格过多（超过 {MAX_CELLS} 个），未读取")
                values = [_value(v) for v in row]
                if any(v.strip() for v in values):
                    # The sheet's full width: an empty cell is a blank cell (null), not nothing.
                    out.lines.append(row_line(values) if len(values) > 1 else values[0])
            out.lines.append("")
    finally:
        wb.close()
    names = "、".join(wb.sheetnames[:10])
    out.note("xlsx", f"从电子表格提取 {len(wb.sheetnames)} 个工作表（{names}；不计算公式，只取表中保存的值）")
    return out
