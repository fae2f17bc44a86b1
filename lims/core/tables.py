"""Tables for people as files: CSV that Excel opens in any language, and one-sheet XLSX workbooks."""

import io
import re
from decimal import Decimal

import pandas as pd

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV with exact decimals ("1234.50") and a UTF-8 byte-order mark, without which Excel reads Cyrillic
    and Kazakh text as Windows-1251."""
    return frame.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def xlsx_bytes(
    frame: pd.DataFrame, sheet_name: str, *, decimal_columns=(), text_columns=(), decimal_format="#,##0.00"
) -> bytes:
    """A workbook of one sheet, columns as wide as their content, the header row frozen. Decimal columns
    become spreadsheet numbers (floats, the only number a cell holds) shown with `decimal_format`; text
    columns keep codes from turning into numbers when typed over."""
    frame = frame.copy()
    for column in decimal_columns:
        frame[column] = pd.Series(
            [float(value) if isinstance(value, Decimal | int | float) else value for value in frame[column]],
            dtype=object,
        )
    # Excel refuses these characters in a sheet's name and names longer than 31.
    sheet_name = re.sub(r"[\[\]:*?/\\]", " ", sheet_name).strip()[:31] or "Sheet1"
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name=sheet_name, index=False)
        sheet = writer.sheets[sheet_name]
        for index, column in enumerate(frame.columns, start=1):
            width = max([len(str(column))] + [len(str(value)) for value in frame[column]])
            sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width + 2
            number_format = (
                decimal_format if column in decimal_columns else "@" if column in text_columns else None
            )
            if number_format:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = number_format
        sheet.freeze_panes = "A2"
    return buffer.getvalue()
