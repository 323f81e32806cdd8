"""Checking a document's content against its spec: what blocks issuing, what only warns.

Errors name the field by its Chinese label, as the officer sees it on the form.
A failed ID check digit only warns (some real codes are irregular: DOMAIN.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from fieldapp.ids import check_citizen_id, check_uscc
from fieldapp.messages import Msg

if TYPE_CHECKING:
    from fieldapp.forms.spec import DocSpec, FieldSpec

_PHONE = re.compile(r"^[0-9+\-() ]{5,20}$")


@dataclass
class Checked:
    errors: list[Msg] = field(default_factory=list)
    warnings: list[Msg] = field(default_factory=list)


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip() or value.strip() == "/"
    if isinstance(value, list | tuple | dict):
        return len(value) == 0
    return False


def money(value: Any) -> Decimal | None:
    """Yuan as an exact Decimal (never float), or None when not a valid amount."""
    if isinstance(value, bool | float):
        return None
    try:
        amount = Decimal(str(value).replace(",", "").replace("元", "").strip())
    except InvalidOperation:
        return None
    return amount if amount.is_finite() and amount == amount.quantize(Decimal("0.01")) else None


def _bad(f: FieldSpec, zh: str, en: str, code: str = "field_invalid") -> Msg:
    return Msg(f"“{f.label}”{zh}", f"'{f.label}' ({f.key}) {en}", code, {"field": f.key})


def check_value(f: FieldSpec, value: Any) -> tuple[Msg | None, Msg | None]:
    """(error, warning) for one non-empty value."""
    if is_empty(value):
        return None, None
    text = str(value).strip() if not isinstance(value, list | dict) else ""
    if f.type in ("date", "datetime"):
        try:
            parsed = datetime.fromisoformat(text) if f.type == "datetime" else date.fromisoformat(text)
        except ValueError:
            fmt = "YYYY-MM-DDTHH:MM" if f.type == "datetime" else "YYYY-MM-DD"
            return _bad(f, f"格式应为 {fmt}", f"must be {fmt}"), None
        if f.type == "datetime" and isinstance(parsed, datetime) and len(text) < 16:
            return _bad(f, "须精确到分钟", "must be given to the minute"), None
    elif f.type == "money":
        amount = money(value)
        if amount is None or amount < 0:
            return _bad(f, "应为不小于零的金额（元，最多两位小数）", "must be an amount in yuan ≥ 0"), None
        if f.max is not None and amount > f.max:
            return _bad(f, f"不得超过 {f.max} 元", f"may not exceed {f.max} yuan"), None
    elif f.type == "int":
        if not re.fullmatch(r"-?\d+", text):
            return _bad(f, "应为整数", "must be a whole number"), None
        n = int(text)
        if (f.min is not None and n < f.min) or (f.max is not None and n > f.max):
            return _bad(f, f"应在 {f.min}–{f.max} 之间", f"must be within {f.min}–{f.max}"), None
    elif f.type == "choice":
        if f.choices and text not in f.choices:
            shown = "、".join(f.choice_labels or f.choices)
            return _bad(f, f"只能是：{shown}", f"must be one of {', '.join(f.choices)}"), None
    elif f.type == "bool":
        if not isinstance(value, bool) and text.lower() not in ("true", "false", "1", "0", "是", "否"):
            return _bad(f, "应为是或否", "must be true or false"), None
    elif f.type in ("id_number", "uscc"):
        result = check_citizen_id(text) if f.type == "id_number" else check_uscc(text)
        if result.status == "reject" and result.msg is not None:
            return Msg(f"“{f.label}”：{result.msg.zh}", f"'{f.label}': {result.msg.en}", "id_invalid",
                       {"field": f.key}), None
        if result.status == "warn" and result.msg is not None:
            # fieldapp.ids already ends its warning with 请核对…后确认: do not say it twice.
            return None, Msg(f"“{f.label}”：{result.msg.zh}", f"'{f.label}': {result.msg.en}", "id_warning",
                             {"field": f.key})
    elif f.type == "phone" and not _PHONE.match(text):
        return _bad(f, "不像电话号码", "does not look like a phone number"), None
    if f.max_len is not None and len(text) > f.max_len:
        return _bad(f, f"不得超过 {f.max_len} 个字", f"may not exceed {f.max_len} characters"), None
    if f.pattern and text and not re.fullmatch(f.pattern, text):
        return _bad(f, "格式不正确", f"does not match {f.pattern}"), None
    if f.type == "items" and isinstance(value, list):
        for i, item in enumerate(value, start=1):
            if not isinstance(item, dict):
                return _bad(f, f"第 {i} 项格式不正确", f"item {i} is malformed"), None
    return None, None


def check_content(spec: DocSpec, content: dict[str, Any]) -> Checked:
    """All problems of a document's content; errors block issuing."""
    out = Checked()
    missing = [f for f in spec.fields.values() if f.is_required(content) and is_empty(content.get(f.key))]
    if missing:
        names = "、".join(f"“{f.label}”" for f in missing)
        out.errors.append(Msg(f"缺少必填项：{names}", "Missing required fields: " + ", ".join(
            f"{f.label} ({f.key})" for f in missing), "fields_missing", {"fields": [f.key for f in missing]}))
    for f in spec.fields.values():
        error, warning = check_value(f, content.get(f.key))
        if error:
            out.errors.append(error)
        if warning:
            out.warnings.append(warning)
    return out


def parse_value(f: FieldSpec, text: str) -> Any:
    """A value typed on the command line (`--set key=value`) in the field's own type."""
    if f.type == "bool":
        return text.strip().lower() in ("true", "1", "yes", "是", "y")
    if f.type == "int" and re.fullmatch(r"-?\d+", text.strip()):
        return int(text.strip())
    if f.type == "money":
        amount = money(text)
        return str(amount) if amount is not None else text
    if f.type == "qa":
        # "问|答;;问|答" keeps scripting simple; the editor uses a real list.
        return [{"q": q, "a": a} for q, _, a in (p.partition("|") for p in text.split(";;")) if q or a]
    if f.type == "items":
        keys = [c.key for c in f.columns]
        return [dict(zip(keys, row.split("|"), strict=False)) for row in text.split(";;") if row.strip()]
    return text
