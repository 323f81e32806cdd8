"""Specs as data: the loader, cross-reference checks, and what an editor asks of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldapp.demo import DEMO_DOC_TYPES
from fieldapp.forms.spec import SpecError, all_specs, load_spec, load_spec_file
from fieldapp.forms.validate import check_content, parse_value
from fieldapp.messages import FieldappError

DOMAIN_TITLES = ["现场检查（勘验）笔录", "询问笔录", "责令（限期）改正通知书", "当场行政处罚决定书", "立案审批表",
                 "证据先行登记保存通知书", "行政处罚事先告知书", "行政处罚决定书", "送达回证", "现场照片（证据）粘贴单",
                 "案件移送书", "结案审批表"]


def test_the_twelve_documents_of_the_domain_are_specs() -> None:
    specs = all_specs()
    assert [s.title for s in specs.values()][:12] == DOMAIN_TITLES
    assert len({s.type_no for s in specs.values()}) == len(specs)
    # Every numbered type has demo number blocks, so every spec can be issued on the demo store.
    assert sorted(DEMO_DOC_TYPES) == sorted(specs)
    for spec in specs.values():
        assert spec.number_code and spec.stage and spec.fields and spec.sections, spec.code


def test_lookup_by_code_title_or_number() -> None:
    assert load_spec("当场行政处罚决定书").code == "penalty_on_the_spot"
    assert load_spec("4").code == "penalty_on_the_spot"
    with pytest.raises(FieldappError) as info:
        load_spec("no_such_doc")
    assert info.value.msg.code == "doc_type_unknown"


def test_editor_gets_fields_types_and_validation() -> None:
    spec = load_spec("penalty_on_the_spot")
    sections = spec.editor_sections()
    keys = [f.key for _, fields in sections for f in fields]
    assert {"party_name", "fine", "facts", "officers"} <= set(keys)
    assert len(keys) == len(set(keys))
    fine = spec.field("fine")
    assert fine.type == "money" and fine.label == "罚款金额（元）"
    assert fine.check("abc")[0] is not None and fine.check("150")[0] is None
    # Tightened per party kind by the spec, on top of the shared party block.
    assert spec.field("party_id_number").is_required({"party_kind": "person"})
    assert not spec.field("party_id_number").is_required({"party_kind": "organisation"})
    assert spec.field("party_uscc").is_required({"party_kind": "organisation"})
    assert spec.field("penalty_kind").label_of("fine") == "罚款"


def test_missing_fields_are_named_in_chinese() -> None:
    spec = load_spec("inspection_record")
    checked = check_content(spec, {"party_kind": "person", "party_name": "张三"})
    assert checked.errors[0].code == "fields_missing"
    assert "“检查时间（起）”" in checked.errors[0].zh and "“检查地点”" in checked.errors[0].zh
    assert "检查情况" in checked.errors[0].zh


def test_values_are_checked_by_type() -> None:
    spec = load_spec("inspection_record")
    started = spec.field("started_at")
    assert started.check("2026-03-05")[0] is not None  # to the minute
    assert started.check("2026-03-05T09:30")[0] is None
    warn = spec.field("party_id_number").check("350405196709143511")  # bad check digit: warns only
    assert warn[0] is None and warn[1] is not None and "公民身份号码" in warn[1].zh
    assert spec.field("party_id_number").check("12345")[0] is not None  # cannot be an ID: error
    qa = parse_value(load_spec("interview_record").field("qa"), "问一|答一;;问二|答二")
    assert qa == [{"q": "问一", "a": "答一"}, {"q": "问二", "a": "答二"}]


def _write(tmp: Path, body: str) -> Path:
    (tmp / "_party.toml").write_text((Path(load_spec("prior_notice").source or "").parent / "_party.toml")
                                     .read_text("utf-8"), "utf-8")
    path = tmp / "bad.toml"
    path.write_text(body, "utf-8")
    return path


HEAD = 'code = "x"\ntype_no = 99\ntitle = "测试"\nnumber_code = "测"\nstage = "test"\n'


def test_unknown_placeholder_is_caught_with_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, HEAD + '\n[[sections]]\nkind = "legal"\ntext = "依据{nowhere}处理"\n')
    with pytest.raises(SpecError) as info:
        load_spec_file(path)
    assert "nowhere" in info.value.msg.zh and info.value.line == 9  # the text = line


def test_section_naming_an_unknown_field_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, HEAD + 'include = ["_party"]\n\n[[sections]]\nkind = "fields"\nfields = ["party_nam"]\n')
    with pytest.raises(SpecError, match="party_nam"):
        load_spec_file(path)


def test_long_text_cannot_sit_in_a_table(tmp_path: Path) -> None:
    body = HEAD + '\n[[fields]]\nkey = "f"\nlabel = "事实"\ntype = "multiline"\n\n[[sections]]\nkind = "fields"\nfields = ["f"]\n'
    with pytest.raises(SpecError, match="text/qa/items"):
        load_spec_file(_write(tmp_path, body))
