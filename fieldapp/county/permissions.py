"""Who may do what on the county side: the roles each county action needs, checked in the core.

The UI only hides tabs (fieldapp/ui/county/roles.py); a script, the CLI or a
synced laptop reaches `fieldapp.county.records` directly, so the records
functions check the acting officer here before anything is written. An
officer's roles are the `officers.roles` JSON list (fieldapp.store.officers.ROLES).

- joint action (`assign_joint_action`): area_head or team_lead, of the case's area where the
  roster places them (沙县 五(三), 南安 四(一): the 片长, and the station town's team lead as 副片长);
- legal review (`review`): legal_reviewer (行政处罚法第五十八条);
- plans, draw rounds, roster import, a department's quarterly grade: bureau (the county office
  keeps the roster and plans the 双随机 rounds).

There is no unattended path: every call names an officer who holds the role
(`actor=None` is refused), so each such record in the audit log says who did it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from fieldapp.county.entries import RosterEntry
from fieldapp.jurisdiction import Jurisdiction
from fieldapp.messages import Msg

ROLE_NAMES: dict[str, tuple[str, str]] = {
    "area_head": ("片长", "area head"),
    "team_lead": ("综合执法队队长", "team lead"),
    "legal_reviewer": ("法制审核员", "legal reviewer"),
    "bureau": ("县（市、区）执法局办公室", "county bureau office"),
}


@dataclass(frozen=True)
class Action:
    roles: frozenset[str]
    zh: str
    en: str
    area_scoped: bool = False  # the officer must work for the record's area, where the roster says which


ACTIONS: dict[str, Action] = {
    "joint_action": Action(frozenset({"area_head", "team_lead"}), "安排联合执法", "assign a joint action", True),
    "legal_review": Action(frozenset({"legal_reviewer"}), "作出法制审核结论", "record a legal review"),
    "plan": Action(frozenset({"bureau"}), "制定检查计划", "save an inspection plan"),
    "draw": Action(frozenset({"bureau"}), "组织双随机抽取", "run a draw round"),
    "roster_import": Action(frozenset({"bureau"}), "导入下沉人员名册", "import the roster"),
    "department_rating": Action(frozenset({"bureau"}), "评定部门季度考评", "rate a department for the quarter"),
}


def _names(roles: Iterable[str], lang: int) -> str:
    sep = "或" if lang == 0 else " or "
    return sep.join(ROLE_NAMES.get(r, (r, r))[lang] for r in sorted(roles))


def officer_roles(officer: Mapping[str, Any] | None) -> set[str]:
    raw = (officer or {}).get("roles") or []
    return set(json.loads(raw) if isinstance(raw, str) else raw)


def officer_area_keys(jur: Jurisdiction, officer: Mapping[str, Any], entries: Iterable[RosterEntry]) -> set[str]:
    """The areas the roster (and the officer's own township) places the officer in; empty when it says nothing."""
    keys: set[str] = set()
    for e in entries:
        if e.officer_id != officer.get("id"):
            continue
        if e.area_key:
            keys.add(e.area_key)
        elif e.township in jur.townships:
            keys.add(jur.townships[e.township].area)
    township = officer.get("township")
    if township and township in jur.townships:
        keys.add(jur.townships[str(township)].area)
    return keys


def refusal(jur: Jurisdiction, action: str, actor: str | None, officer: Mapping[str, Any] | None,
            entries: Iterable[RosterEntry] = (), area_key: str | None = None) -> Msg | None:
    """Why `actor` may not do `action` (None when allowed). `officer` is the actor's officers row, if any."""
    a = ACTIONS[action]
    need_zh, need_en = _names(a.roles, 0), _names(a.roles, 1)
    if not actor:
        return Msg(f"{a.zh}须指明操作的执法人员（{need_zh}），不能匿名操作",
                   f"To {a.en}, name the acting officer ({need_en}); it cannot be done anonymously",
                   "role.actor_missing", {"action": action, "roles": sorted(a.roles)})
    if officer is None or not officer.get("active", 1):
        return Msg(f"操作人员 {actor} 不是本机在册的执法人员，不能{a.zh}",
                   f"{actor} is not an active officer on this laptop and cannot {a.en}",
                   "role.actor_unknown", {"action": action, "actor": actor})
    name = str(officer.get("name") or actor)
    held = officer_roles(officer)
    if not held & a.roles:
        shown_zh = "、".join(ROLE_NAMES.get(r, (r, r))[0] for r in sorted(held)) or "无"
        shown_en = ", ".join(ROLE_NAMES.get(r, (r, r))[1] for r in sorted(held)) or "none"
        return Msg(f"{name}无权{a.zh}：须具有{need_zh}角色（现有角色：{shown_zh}）",
                   f"{name} may not {a.en}: this needs the role of {need_en} (roles held: {shown_en})",
                   "role.forbidden", {"action": action, "actor": actor, "roles": sorted(a.roles), "held": sorted(held)})
    if a.area_scoped and area_key is not None:
        keys = officer_area_keys(jur, officer, entries)
        if keys and area_key not in keys:
            def area(k: str) -> str:
                return jur.areas[k].name if k in jur.areas else k

            theirs = "、".join(area(k) for k in sorted(keys))
            return Msg(f"{name}是{theirs}的人员，不能为{area(area_key)}的案件{a.zh}",
                       f"{name} works for {', '.join(area(k) for k in sorted(keys))} and cannot {a.en} on a case of "
                       f"{area(area_key)}", "role.other_area",
                       {"action": action, "actor": actor, "area": area_key, "areas": sorted(keys)})
    return None
