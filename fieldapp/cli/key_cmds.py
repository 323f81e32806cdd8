"""keys init-county | enroll-local | show."""

from __future__ import annotations

import argparse
from typing import Any

from fieldapp.cli.output import emit_json, t
from fieldapp.keys import DeviceKeys, b64
from fieldapp.workspace import Workspace


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("keys", parents=[common], help="signing keys (county and device)")
    ksub = p.add_subparsers(dest="action", required=True)
    s = ksub.add_parser("init-county", parents=[common], help="create a county key on this machine (trial set-up)")
    s.set_defaults(func=cmd_init_county)
    s = ksub.add_parser("enroll-local", parents=[common], help="certify this laptop's key with the local county key")
    s.set_defaults(func=cmd_enroll_local)
    s = ksub.add_parser("show", parents=[common])
    s.set_defaults(func=cmd_show)


def cmd_init_county(args: argparse.Namespace) -> int:
    county = DeviceKeys(args.data_dir).init_county()
    if args.json:
        emit_json({"county_key_id": county.key_id, "public_key": b64(county.public)})
    else:
        print(t(args.lang, f"已创建县局密钥 {county.key_id}", f"Created county key {county.key_id}"))
    return 0


def cmd_enroll_local(args: argparse.Namespace) -> int:
    with Workspace.open(args.data_dir) as ws:
        cert = DeviceKeys(args.data_dir).enroll_local(
            device_id=ws.store.device_id, township=ws.township, jurisdiction=ws.jurisdiction.key,
            issued_at=ws.store.clock())
    if args.json:
        emit_json(cert.as_dict())
    else:
        print(t(args.lang, f"本机密钥 {cert.device_key_id} 已由县局密钥签发证书",
                f"Device key {cert.device_key_id} certified by the county key"))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    keys = DeviceKeys(args.data_dir)
    cert = keys.cert()
    data = {"device_key_id": cert.device_key_id, "county_key_id": cert.body["county_key_id"],
            "township": cert.body["township"], "issued_at": cert.body["issued_at"],
            "revoked": keys.revoked()}  # {key_id: revoked_at or null}
    if args.json:
        emit_json(data)
    else:
        for key, value in data.items():
            print(f"{key}: {value}")
    return 0
