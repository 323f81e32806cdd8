"""Officers: certificates, roles and offline sign-in (scrypt password hashes)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import uuid
from datetime import date
from typing import Any

from fieldapp.messages import FieldappError, Msg
from fieldapp.store import entities
from fieldapp.store.store import Store

ROLES = {"officer", "team_lead", "area_head", "coordinator", "legal_reviewer", "bureau", "admin"}
_N, _R, _P = 2**14, 8, 1
# Officer ids are name-based (UUIDv5 of jurisdiction + 执法证号), not random: the township laptop that
# registers its staff and the county laptop that meets them first in a roster import make the same id,
# so the later pull is an update of one officer rather than a second one refused by UNIQUE(cert_no).
OFFICER_NAMESPACE = uuid.UUID("7d0f4c1e-3b7a-5c2e-9a51-6f1d2b8e4c30")


def officer_uuid(jurisdiction: str, cert_no: str) -> str:
    """The id every laptop of `jurisdiction` gives the officer holding `cert_no` (a valid UUID string)."""
    return str(uuid.uuid5(OFFICER_NAMESPACE, f"{jurisdiction}\x1f{cert_no.strip()}"))


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def check_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    got = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                         dklen=len(base64.b64decode(digest)))
    return hmac.compare_digest(got, base64.b64decode(digest))


def add_officer(
    store: Store, *, name: str, cert_no: str, unit: str, password: str,
    cert_valid_until: date | None = None, department: str | None = None, township: str | None = None,
    roles: list[str] | None = None, conflicts: list[str] | None = None, actor: str | None = None,
    officer_id: str | None = None,
) -> str:
    name, cert_no = name.strip(), cert_no.strip()
    if not name or not cert_no:
        raise FieldappError(Msg("执法人员姓名和执法证号不能为空。",
                                "An officer needs a name and an enforcement certificate number.",
                                "officer_incomplete"))
    if len(password) < 6:
        raise FieldappError(Msg("密码至少 6 位。", "The password needs at least 6 characters.", "password_short"))
    bad = set(roles or ["officer"]) - ROLES
    if bad:
        raise FieldappError(Msg(f"未知角色：{'、'.join(sorted(bad))}。可用：{', '.join(sorted(ROLES))}",
                                f"Unknown roles: {', '.join(sorted(bad))}. Known: {', '.join(sorted(ROLES))}",
                                "role_unknown"))
    if store.one("SELECT 1 FROM officers WHERE cert_no = ?", (cert_no,)):
        raise FieldappError(Msg(f"执法证号 {cert_no} 已登记。", f"Certificate number {cert_no} is already registered.",
                                "cert_duplicate"))
    officer_id = officer_id or officer_uuid(store.meta("jurisdiction") or "", cert_no)
    pw_hash = hash_password(password)
    with store.change(actor) as ch:
        row = {"id": officer_id, "name": name, "cert_no": cert_no,
               "cert_valid_until": cert_valid_until.isoformat() if cert_valid_until else None,
               "unit": unit, "department": department, "township": township,
               "roles": json.dumps(sorted(set(roles or ["officer"]))),
               "password_hash": pw_hash, "active": 1, "conflicts": json.dumps(sorted(set(conflicts or []))),
               "revision": 1, "created_at": ch.ts, "updated_at": ch.ts}
        ch.execute("INSERT INTO officers(id, name, cert_no, cert_valid_until, unit, department, township, roles,"
                   " password_hash, active, conflicts, revision, created_at, updated_at) VALUES (:id, :name,"
                   " :cert_no, :cert_valid_until, :unit, :department, :township, :roles, :password_hash, :active,"
                   " :conflicts, :revision, :created_at, :updated_at)", row)
        ch.record("officer", officer_id, "create", None, entities.officer(row))
    return officer_id


def set_roles(store: Store, officer_id: str, roles: list[str], actor: str | None = None) -> dict[str, Any]:
    """Give an officer their roles (replacing the old list): audited and synced like any change."""
    from fieldapp.store.cases import update_row

    bad = set(roles) - ROLES
    if bad or not roles:
        raise FieldappError(Msg(f"未知角色：{'、'.join(sorted(bad)) or '（空）'}。可用：{', '.join(sorted(ROLES))}",
                                f"Unknown roles: {', '.join(sorted(bad)) or '(none)'}. Known: {', '.join(sorted(ROLES))}",
                                "role_unknown"))
    with store.change(actor) as ch:
        return public(update_row(ch, "officer", officer_id, "roles", roles=json.dumps(sorted(set(roles)))))


def public(row: dict[str, Any]) -> dict[str, Any]:
    data = dict(row)
    data.pop("password_hash", None)
    for key in ("roles", "conflicts"):
        if isinstance(data.get(key), str):
            data[key] = json.loads(data[key])
    return data


def list_officers(store: Store, township: str | None = None) -> list[dict[str, Any]]:
    sql = "SELECT * FROM officers WHERE active = 1"
    params: tuple[Any, ...] = ()
    if township:
        sql += " AND (township = ? OR township IS NULL)"
        params = (township,)
    return [public(r) for r in store.query(sql + " ORDER BY name", params)]


def get_officer(store: Store, officer_id: str) -> dict[str, Any] | None:
    row = store.one("SELECT * FROM officers WHERE id = ? OR cert_no = ?", (officer_id, officer_id))
    return public(row) if row else None


def authenticate(store: Store, who: str, password: str) -> dict[str, Any] | None:
    """Offline sign-in by certificate number or name."""
    rows = store.query("SELECT * FROM officers WHERE active = 1 AND (cert_no = ? OR name = ?)", (who, who))
    for row in rows:
        if check_password(password, str(row["password_hash"])):
            return public(row)
    return None
