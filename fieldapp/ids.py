"""Checks for 统一社会信用代码 (GB 32100-2015) and 公民身份号码 (GB 11643-1999).

A wrong length or a character outside the alphabet cannot be a real code, so
it is rejected. A failed check character only warns: some real codes issued
in the field are irregular, and the officer must be able to record what is
printed on the licence. python-stdnum is not used for ID numbers because its
area table has no Fujian (35xxxx) codes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from fieldapp.messages import Msg

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"

Status = Literal["ok", "warn", "reject"]


@dataclass(frozen=True)
class IdCheck:
    status: Status
    msg: Msg | None
    normalized: str

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def _clean(text: str) -> str:
    # Officers type codes from paper; spaces and lower case are slips, not errors.
    return re.sub(r"\s+", "", text or "").upper()


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def org_code_check_char(first8: str) -> str:
    total = sum(int(c, 36) * w for c, w in zip(first8, ORG_CODE_WEIGHTS, strict=True))
    value = 11 - total % 11
    return "X" if value == 10 else "0" if value == 11 else str(value)


def check_uscc(code: str) -> IdCheck:
    norm = _clean(code)
    if len(norm) != 18:
        return IdCheck("reject", Msg(
            f"统一社会信用代码应为18位，实为{len(norm)}位",
            f"A unified social credit code has 18 characters, this has {len(norm)}",
            "id.uscc.length", {"length": len(norm)}), norm)
    bad = sorted({c for c in norm if c not in USCC_ALPHABET})
    if bad:
        shown = "、".join(bad)
        return IdCheck("reject", Msg(
            f"统一社会信用代码含有不允许的字符：{shown}（不使用 I、O、S、V、Z）",
            f"The unified social credit code contains characters not allowed: {', '.join(bad)} "
            "(I, O, S, V, Z are never used)", "id.uscc.charset", {"characters": bad}), norm)
    expected = uscc_check_char(norm[:17])
    if expected != norm[17]:
        return IdCheck("warn", Msg(
            f"统一社会信用代码校验位应为 {expected}，实为 {norm[17]}；请核对证照后确认",
            f"The check character should be {expected} but is {norm[17]}; check the licence and confirm",
            "id.uscc.check", {"expected": expected, "found": norm[17]}), norm)
    org_expected = org_code_check_char(norm[8:16])
    if org_expected != norm[16]:
        return IdCheck("warn", Msg(
            f"第9–17位组织机构代码的校验码应为 {org_expected}，实为 {norm[16]}；请核对证照后确认",
            f"The organisation code (positions 9–17) should end in {org_expected} but ends in {norm[16]}; "
            "check the licence and confirm", "id.uscc.org_check", {"expected": org_expected, "found": norm[16]}), norm)
    if not norm[2:8].isdigit():
        return IdCheck("warn", Msg(
            f"第3–8位应为行政区划代码（数字），实为 {norm[2:8]}",
            f"Positions 3–8 should be a division code (digits), found {norm[2:8]}", "id.uscc.division"), norm)
    return IdCheck("ok", None, norm)


def id_check_char(first17: str) -> str:
    return ID_CHECK_CHARS[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def check_citizen_id(number: str, today: date | None = None) -> IdCheck:
    """`today` bounds the birth date; tests pass it, callers may leave it."""
    norm = _clean(number)
    if len(norm) != 18:
        extra = "（不支持15位旧号码）" if len(norm) == 15 else ""
        extra_en = " (old 15-digit numbers are not supported)" if len(norm) == 15 else ""
        return IdCheck("reject", Msg(
            f"公民身份号码应为18位，实为{len(norm)}位{extra}",
            f"A citizen ID number has 18 characters, this has {len(norm)}{extra_en}",
            "id.citizen.length", {"length": len(norm)}), norm)
    if not re.fullmatch(r"\d{17}[\dX]", norm):
        return IdCheck("reject", Msg(
            "公民身份号码前17位应为数字，末位为数字或 X",
            "A citizen ID number is 17 digits followed by a digit or X", "id.citizen.charset"), norm)
    try:
        born = date(int(norm[6:10]), int(norm[10:12]), int(norm[12:14]))
    except ValueError:
        return IdCheck("reject", Msg(
            f"出生日期 {norm[6:14]} 不是有效日期", f"Birth date {norm[6:14]} is not a real date",
            "id.citizen.birth"), norm)
    if born > (today or date.today()) or born.year < 1880:
        return IdCheck("reject", Msg(
            f"出生日期 {born.isoformat()} 不可能", f"Birth date {born.isoformat()} is impossible",
            "id.citizen.birth"), norm)
    expected = id_check_char(norm[:17])
    if expected != norm[17]:
        return IdCheck("warn", Msg(
            f"公民身份号码校验码应为 {expected}，实为 {norm[17]}；请核对证件后确认",
            f"The check character should be {expected} but is {norm[17]}; check the ID card and confirm",
            "id.citizen.check", {"expected": expected, "found": norm[17]}), norm)
    return IdCheck("ok", None, norm)


def birth_date_of(number: str) -> date | None:
    """Birth date of a well-formed ID number (for the 询问笔录 age field)."""
    result = check_citizen_id(number)
    if result.status == "reject":
        return None
    n = result.normalized
    return date(int(n[6:10]), int(n[10:12]), int(n[12:14]))


def sex_of(number: str) -> Literal["男", "女"] | None:
    """Sequence digit (17th): odd is male, even female."""
    result = check_citizen_id(number)
    if result.status == "reject":
        return None
    return "男" if int(result.normalized[16]) % 2 else "女"
