from __future__ import annotations

from datetime import date

import pytest

from fieldapp.ids import (
    birth_date_of,
    check_citizen_id,
    check_uscc,
    id_check_char,
    org_code_check_char,
    sex_of,
    uscc_check_char,
)

GOOD_USCC = "9135058309622813X6"
GOOD_ID = "11010519491231002X"


def test_known_good_uscc() -> None:
    r = check_uscc(GOOD_USCC)
    assert (r.status, r.msg, r.normalized) == ("ok", None, GOOD_USCC)


def test_uscc_check_chars_computed() -> None:
    assert uscc_check_char(GOOD_USCC[:17]) == "6"
    assert org_code_check_char("09622813") == "X"


def test_uscc_lower_case_and_spaces_normalised() -> None:
    r = check_uscc(" 9135 0583 0962 2813x6 ")
    assert r.status == "ok"
    assert r.normalized == GOOD_USCC


def test_uscc_bad_check_char_warns_with_reason() -> None:
    r = check_uscc("9135058309622813X7")
    assert r.status == "warn"
    assert r.msg is not None
    assert r.msg.code == "id.uscc.check"
    assert r.msg.data == {"expected": "6", "found": "7"}
    assert "6" in r.msg.zh and "7" in r.msg.zh
    assert "should be 6 but is 7" in r.msg.en


def test_uscc_bad_embedded_org_code_warns() -> None:
    # Change the org-code check (pos 17) and recompute the outer check so only
    # the embedded GB 11714 check fails.
    body = "91350583096228130"
    code = body + uscc_check_char(body)
    r = check_uscc(code)
    assert r.status == "warn"
    assert r.msg is not None and r.msg.code == "id.uscc.org_check"
    assert r.msg.data == {"expected": "X", "found": "0"}


@pytest.mark.parametrize("code", ["9135058309622813X", "9135058309622813X66", ""])
def test_uscc_wrong_length_rejects(code: str) -> None:
    r = check_uscc(code)
    assert r.status == "reject"
    assert r.msg is not None and r.msg.code == "id.uscc.length"


@pytest.mark.parametrize("bad", ["I", "O", "S", "V", "Z", "-"])
def test_uscc_forbidden_characters_reject(bad: str) -> None:
    r = check_uscc("91350583096228" + bad + "3X6")
    assert r.status == "reject"
    assert r.msg is not None and r.msg.code == "id.uscc.charset"
    assert bad in r.msg.data["characters"]


def test_known_good_citizen_id() -> None:
    r = check_citizen_id(GOOD_ID)
    assert (r.status, r.normalized) == ("ok", GOOD_ID)
    assert id_check_char(GOOD_ID[:17]) == "X"


def test_citizen_id_lower_case_x_normalised() -> None:
    r = check_citizen_id("11010519491231002x")
    assert r.status == "ok"
    assert r.normalized == GOOD_ID


def test_fujian_ids_are_accepted() -> None:
    # python-stdnum rejects every 35xxxx area code; ours must not.
    for prefix in ("350583", "350427", "350405"):
        body = prefix + "19800101123"
        r = check_citizen_id(body + id_check_char(body))
        assert r.status == "ok", r.msg


def test_citizen_id_bad_check_warns_with_reason() -> None:
    r = check_citizen_id("110105194912310021")
    assert r.status == "warn"
    assert r.msg is not None
    assert r.msg.data == {"expected": "X", "found": "1"}


def test_citizen_id_wrong_length_rejects_and_mentions_old_format() -> None:
    r = check_citizen_id("110105491231002")
    assert r.status == "reject"
    assert r.msg is not None and "15" in r.msg.en


def test_citizen_id_bad_charset_rejects() -> None:
    r = check_citizen_id("11010519491231A02X")
    assert r.status == "reject"
    assert r.msg is not None and r.msg.code == "id.citizen.charset"


def test_citizen_id_impossible_birth_date_rejects() -> None:
    body = "11010519490230002"  # 30 February
    r = check_citizen_id(body + id_check_char(body))
    assert r.status == "reject"
    assert r.msg is not None and r.msg.code == "id.citizen.birth"


def test_citizen_id_future_birth_date_rejects() -> None:
    body = "35058320300101001"
    r = check_citizen_id(body + id_check_char(body), today=date(2026, 11, 22))
    assert r.status == "reject"
    assert r.msg is not None and r.msg.code == "id.citizen.birth"


def test_birth_date_and_sex() -> None:
    assert birth_date_of(GOOD_ID) == date(1949, 12, 31)
    assert sex_of(GOOD_ID) == "女"  # sequence 002: even
    assert birth_date_of("123") is None
