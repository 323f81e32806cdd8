"""How values read on paper: Chinese dates, amounts with the capitalised 大写, "/" for unused."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from fieldapp.forms.validate import is_empty, money

if TYPE_CHECKING:
    from fieldapp.forms.spec import FieldSpec

UNUSED = "/"  # a blank in a printed template is struck through with "/" (DOMAIN.md)
_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UNITS = ["", "拾", "佰", "仟"]
_GROUPS = ["", "万", "亿"]


def cn_date(value: str | date | None) -> str:
    if value is None or value == "":
        return ""
    d = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    return f"{d.year}年{d.month}月{d.day}日"


def cn_datetime(value: str) -> str:
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        return value
    return f"{dt.year}年{dt.month}月{dt.day}日{dt.hour:02d}时{dt.minute:02d}分"


def _four(n: int) -> str:
    out, zero = "", False
    for i in range(3, -1, -1):
        d = n // 10**i % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += _DIGITS[d] + _UNITS[i]
    return out


def rmb_upper(amount: Decimal) -> str:
    """人民币大写, as printed next to a fine so that a figure cannot be altered quietly."""
    fen_total = int((amount * 100).to_integral_value())
    yuan, fen = divmod(fen_total, 100)
    jiao, fen = divmod(fen, 10)
    if yuan == 0 and jiao == 0 and fen == 0:
        return "零元整"
    parts: list[str] = []
    group, need_zero = 0, False
    while yuan:
        yuan, chunk = divmod(yuan, 10000)
        if chunk:
            text = _four(chunk) + _GROUPS[group]
            if need_zero:
                text += "零"
            parts.insert(0, text)
            need_zero = chunk < 1000
        elif parts:
            need_zero = True
        group += 1
    out = "".join(parts)
    out = out.rstrip("零")
    if out:
        out += "元"
    if jiao or fen:
        out += (_DIGITS[jiao] + "角" if jiao else ("零" if out else "")) + (_DIGITS[fen] + "分" if fen else "")
    else:
        out += "整"
    return out


def amount_text(value: Any) -> str:
    amount = money(value)
    if amount is None:
        return str(value)
    return f"{amount:.2f} 元（大写：人民币{rmb_upper(amount)}）"


def officers_text(value: Any) -> str:
    if not isinstance(value, list):
        return str(value or "")
    return "；".join(f"{o.get('name', '')}（执法证号 {o.get('cert_no') or '无'}）" for o in value if isinstance(o, dict))


def show(f: FieldSpec | None, value: Any, *, blank: str = UNUSED) -> str:
    """A field value as printed; empty values print as the struck-through "/"."""
    if is_empty(value):
        return blank
    if f is None:
        return str(value)
    if f.type == "date":
        return cn_date(str(value))
    if f.type == "datetime":
        return cn_datetime(str(value))
    if f.type == "money":
        return amount_text(value)
    if f.type == "bool":
        return "是" if value is True or str(value).lower() in ("true", "1", "是") else "否"
    if f.type == "choice":
        return f.label_of(value)
    if f.type == "officers":
        return officers_text(value)
    return str(value).strip()


def short_text(f: FieldSpec | None, value: Any) -> str:
    """In running legal text: dates in Chinese, amounts as plain yuan."""
    if f is not None and f.type == "money" and not is_empty(value):
        amount = money(value)
        return f"{amount:.2f}元" if amount is not None else str(value)
    return show(f, value, blank="____")
