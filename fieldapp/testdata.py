"""Well-formed synthetic identifiers and names for demos, tests and benchmarks."""

from __future__ import annotations

import random
from datetime import date

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def make_uscc(county: str, serial: int, kind: str = "91") -> str:
    """A USCC with both check characters right (GB 32100 and GB 11714)."""
    org = f"{serial % 10**8:08d}"
    total = sum(int(c) * w for c, w in zip(org, ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    org += "X" if check == 10 else "0" if check == 11 else str(check)
    body = kind + county + org
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body, USCC_WEIGHTS, strict=True))
    return body + USCC_ALPHABET[(31 - total % 31) % 31]


def make_citizen_id(area: str, birth: date, serial: int) -> str:
    body = f"{area}{birth:%Y%m%d}{serial % 1000:03d}"
    total = sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


SURNAMES = "陈林黄张李王吴刘蔡杨郑许谢邱罗曾周苏叶庄"
GIVEN = ["建华", "秀英", "志强", "丽芳", "国平", "美玲", "文彬", "海燕", "明辉", "春兰", "德成", "雅琴", "金水", "玉梅"]
SHOPS = ["小吃店", "农资店", "五金店", "建材商行", "网吧", "副食品店", "木材加工厂", "竹制品厂", "养殖场", "民宿",
         "汽车修理厂", "烟花爆竹零售点", "茶叶加工厂", "砂石场", "餐饮店", "超市"]
PLACES = ["沙县", "湖源", "南霞", "夏茂", "仑苍", "洪濑", "溪美", "诗山", "富口", "高砂", "英都", "罗东"]


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def business_name(rng: random.Random, place: str | None = None) -> str:
    return f"{place or rng.choice(PLACES)}{rng.choice(SURNAMES)}记{rng.choice(SHOPS)}"
