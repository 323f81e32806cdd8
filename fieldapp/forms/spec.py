"""Document specs: one TOML file per document type drives the editor form and the PDF.

A spec says what the paper says: its title, 文书代字, the procedure stage that
uses it, its fields (type, validation, where the value comes from in the
record), sections in print order, repeating parts, signature blocks and fixed
legal text with {placeholders}. The desktop editor asks the same objects for
fields, types and validation (`DocSpec.editor_sections`, `FieldSpec.check`).
Specs are data edited by county staff, so every mistake names file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from fieldapp.messages import FieldappError, Msg
from fieldapp.resources import ResourceFileError, TomlDoc

SPEC_DIR = Path(__file__).resolve().parent / "specs"
FIELD_TYPES = ("text", "multiline", "date", "datetime", "money", "int", "choice", "bool", "id_number", "uscc",
               "phone", "officers", "qa", "items", "photos")
LIST_TYPES = ("officers", "qa", "items", "photos")
SECTION_KINDS = ("fields", "text", "legal", "qa", "items", "photos", "signatures", "party")
SIGNATURE_ROLES = ("officers", "party", "recorder", "witness", "approver", "reviewer", "recipient", "server",
                   "interviewee", "receiver")
# Placeholders legal text may use besides field keys: filled from the workspace.
CONTEXT_KEYS = ("subject_name", "number", "review_body", "court", "county", "pay_days", "surcharge_rate",
                "party_name", "issued_date", "hearing_days", "statement_days")
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


class SpecError(ResourceFileError):
    """A document spec file is malformed."""


@dataclass(frozen=True)
class Column:
    """One column of a repeating item list (清单)."""

    key: str
    label: str
    type: str = "text"
    width: float = 1.0  # relative share of the table width


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    type: str = "text"
    required: bool = False
    required_if: tuple[tuple[str, str], ...] = ()  # (field, value): required when that field has that value
    source: str | None = None  # dotted path into the record context (see fieldapp.forms.prefill)
    default: Any = None
    choices: tuple[str, ...] = ()
    choice_labels: tuple[str, ...] = ()  # printed/editor labels for `choices`, same order
    pattern: str | None = None
    min: int | None = None
    max: int | None = None
    max_len: int | None = None
    help: str = ""
    columns: tuple[Column, ...] = ()

    @property
    def is_list(self) -> bool:
        return self.type in LIST_TYPES

    def label_of(self, value: Any) -> str:
        if self.choices and value in self.choices and self.choice_labels:
            return self.choice_labels[self.choices.index(value)]
        return "" if value is None else str(value)

    def is_required(self, content: dict[str, Any]) -> bool:
        if self.required:
            return True
        return any(str(content.get(k) or "") == v for k, v in self.required_if)

    def check(self, value: Any) -> tuple[Msg | None, Msg | None]:
        """(error, warning) for one value; the editor calls this on every change."""
        from fieldapp.forms.validate import check_value

        return check_value(self, value)


@dataclass(frozen=True)
class Section:
    kind: str
    title: str = ""
    fields: tuple[str, ...] = ()
    columns: int = 2  # for kind = "fields": 2 = label|value per row, 4 = two pairs per row
    text: str = ""  # for kind = "legal"
    when: str | None = None  # print only when this field is truthy
    unless: str | None = None  # print only when this field is falsy
    person: tuple[str, ...] = ()  # for kind = "party": the rows for a citizen
    organisation: tuple[str, ...] = ()  # and for an organisation
    pair_short: bool = False  # for fields/party: two short values share a row; a long one keeps its own


@dataclass(frozen=True)
class Signature:
    role: str
    label: str
    refusal: bool = False  # a refusal line with a witness is printed beside it
    date: bool = True


@dataclass(frozen=True)
class DocSpec:
    code: str
    type_no: int  # stable small number carried in the QR
    title: str
    number_code: str  # 文书代字 when a township is the subject
    dept_number_code: str  # … and when a county department is
    stage: str
    record: str  # "inspection", "case" or "any": which record it is made from
    kind: str  # "record" (笔录: page N of M and the party's signature on every page), "notice" or "form"
    officers_required: int
    fields: dict[str, FieldSpec]
    sections: tuple[Section, ...]
    signatures: tuple[Signature, ...]
    figures: dict[str, str] = field(default_factory=dict)  # QR key figures: "amount"/"deadline" -> field
    copies: tuple[str, ...] = ()
    description: str = ""
    seal: bool = False  # the subject's name, seal and date close the document
    page_signature: str = "当事人签名："  # 笔录: printed at the foot of every page
    body_size: float = 16  # 3号 per GB/T 9704; a one-sheet on-site form may use 4号 (14)
    checks: tuple[str, ...] = ()  # named procedure checks run before issuing (see forms.lifecycle.CHECKS)
    source: Path | None = None

    def number_code_for(self, subject_kind: str) -> str:
        return self.dept_number_code if subject_kind == "department" else self.number_code

    def field(self, key: str) -> FieldSpec:
        return self.fields[key]

    def editor_sections(self) -> list[tuple[str, list[FieldSpec]]]:
        """Sections with their fields in print order, for building an editor form."""
        out: list[tuple[str, list[FieldSpec]]] = []
        seen: set[str] = set()
        for sec in self.sections:
            keys = list(sec.fields) + [k for k in (*sec.person, *sec.organisation) if k not in sec.fields]
            keys += _PLACEHOLDER.findall(sec.text)
            if sec.when:
                keys.insert(0, sec.when)
            group = [self.fields[k] for k in dict.fromkeys(keys) if k in self.fields and k not in seen]
            seen.update(f.key for f in group)
            if group:
                out.append((sec.title or sec.kind, group))
        rest = [f for k, f in self.fields.items() if k not in seen]
        if rest:
            out.append(("其他", rest))
        return out


def _field(doc: TomlDoc, where: tuple[str | int, ...], t: dict[str, Any]) -> FieldSpec:
    key = doc.get_str(t, where, "key")
    doc.require(bool(_KEY.match(key)), where, f"字段名“{key}”只能用小写字母、数字和下划线",
                f"field key '{key}' must be lower-case letters, digits and underscores", key="key")
    ftype = doc.get_str(t, where, "type", "text")
    doc.require(ftype in FIELD_TYPES, where, f"字段类型“{ftype}”未知，可用：{', '.join(FIELD_TYPES)}",
                f"unknown field type '{ftype}'; known: {', '.join(FIELD_TYPES)}", key="type")
    req_if = doc.get_table(t, where, "required_if", required=False)
    columns = tuple(Column(doc.get_str(c, (*where, "columns", i), "key"), doc.get_str(c, (*where, "columns", i), "label"),
                           doc.get_str(c, (*where, "columns", i), "type", "text"),
                           doc.get_float(c, (*where, "columns", i), "width", 1.0))
                    for i, c in enumerate(doc.get_table_list(t, where, "columns")))
    doc.require(ftype != "items" or bool(columns), where, f"清单字段 {key} 须定义 columns",
                f"item list {key} needs columns", key="key")
    choices = doc.get_str_list(t, where, "choices", ())
    labels = doc.get_str_list(t, where, "choice_labels", ())
    doc.require(not labels or len(labels) == len(choices), where, "choice_labels 须与 choices 一一对应",
                "choice_labels must match choices one to one", key="choice_labels")
    return FieldSpec(
        key=key, label=doc.get_str(t, where, "label"), type=ftype, required=doc.get_bool(t, where, "required", False),
        required_if=tuple((str(k), str(v)) for k, v in req_if.items()),
        source=doc.get_str(t, where, "source", "") or None, default=t.get("default"), choices=choices,
        choice_labels=labels, pattern=doc.get_str(t, where, "pattern", "") or None,
        min=doc.get_opt_int(t, where, "min"), max=doc.get_opt_int(t, where, "max"),
        max_len=doc.get_opt_int(t, where, "max_len"), help=doc.get_str(t, where, "help", ""), columns=columns)


def _section(doc: TomlDoc, where: tuple[str | int, ...], t: dict[str, Any]) -> Section:
    kind = doc.get_str(t, where, "kind")
    doc.require(kind in SECTION_KINDS, where, f"节类型“{kind}”未知，可用：{', '.join(SECTION_KINDS)}",
                f"unknown section kind '{kind}'; known: {', '.join(SECTION_KINDS)}", key="kind")
    fields = doc.get_str_list(t, where, "fields", ())
    if "field" in t:
        fields = (doc.get_str(t, where, "field"), *fields)
    return Section(kind=kind, title=doc.get_str(t, where, "title", ""), fields=fields,
                   columns=doc.get_int(t, where, "columns", 2), text=doc.get_str(t, where, "text", ""),
                   when=doc.get_str(t, where, "when", "") or None, unless=doc.get_str(t, where, "unless", "") or None,
                   person=doc.get_str_list(t, where, "person", ()),
                   organisation=doc.get_str_list(t, where, "organisation", ()),
                   pair_short=doc.get_bool(t, where, "pair_short", False))


def _check(doc: TomlDoc, spec: DocSpec) -> None:
    """Cross-references: every section, placeholder and figure must name a real field."""
    known = set(spec.fields)
    for i, sec in enumerate(spec.sections):
        where = ("sections", i)
        for key in (*sec.fields, *sec.person, *sec.organisation, sec.when, sec.unless):
            doc.require(key is None or key in known, where, f"节引用了不存在的字段“{key}”",
                        f"section refers to unknown field '{key}'", value=key)
        for key in _PLACEHOLDER.findall(sec.text):
            doc.require(key in known or key in CONTEXT_KEYS, where, f"法律文本中的占位符 {{{key}}} 无对应字段",
                        f"placeholder {{{key}}} in legal text names no field", key="text")
        if sec.kind == "fields":
            doc.require(sec.columns in (2, 4), where, "columns 只能是 2 或 4", "columns must be 2 or 4", key="columns")
            for key in sec.fields:
                doc.require(spec.fields[key].type not in ("multiline", "qa", "items", "photos"), where,
                            f"长文本或清单字段“{key}”不能放在表格节中，请用 text/qa/items 节",
                            f"long or list field '{key}' cannot sit in a fields table; use a text/qa/items section",
                            value=key)
    for name, key in spec.figures.items():
        doc.require(name in ("amount", "deadline") and key in known, ("figures",),
                    f"关键数据 {name} = “{key}” 无效", f"key figure {name} = '{key}' is invalid", key=name)


def load_spec_file(path: Path) -> DocSpec:
    doc = TomlDoc(path, SpecError)
    data = doc.data
    fields: dict[str, FieldSpec] = {}
    for name in doc.get_str_list(data, (), "include", ()):
        fragment = load_fragment(path.parent / f"{name}.toml")
        fields.update(fragment)
    for i, t in enumerate(doc.get_table_list(data, (), "fields")):
        f = _field(doc, ("fields", i), t)
        doc.require(f.key not in fields or f.key in _fragment_keys(path, data), ("fields", i),
                    f"字段“{f.key}”重复定义", f"field '{f.key}' is defined twice", key="key")
        fields[f.key] = f
    # Fragments (e.g. the party block) are shared; a spec tightens them by name.
    for key_list, cond in (("required", None), ("required_person", ("party_kind", "person")),
                           ("required_organisation", ("party_kind", "organisation"))):
        for key in doc.get_str_list(data, (), key_list, ()):
            doc.require(key in fields, (), f"{key_list} 中的“{key}”不是字段", f"'{key}' in {key_list} is no field",
                        value=key)
            old = fields[key]
            fields[key] = FieldSpec(**{**old.__dict__, "required": True}) if cond is None else \
                FieldSpec(**{**old.__dict__, "required_if": (*old.required_if, cond)})
    signatures = tuple(Signature(doc.get_str(t, ("signatures", i), "role"), doc.get_str(t, ("signatures", i), "label"),
                                 doc.get_bool(t, ("signatures", i), "refusal", False),
                                 doc.get_bool(t, ("signatures", i), "date", True))
                       for i, t in enumerate(doc.get_table_list(data, (), "signatures")))
    for i, s in enumerate(signatures):
        doc.require(s.role in SIGNATURE_ROLES, ("signatures", i), f"签名角色“{s.role}”未知",
                    f"unknown signature role '{s.role}'", key="role")
    code = doc.get_str(data, (), "code")
    spec = DocSpec(
        code=code, type_no=doc.get_int(data, (), "type_no"), title=doc.get_str(data, (), "title"),
        number_code=doc.get_str(data, (), "number_code"),
        dept_number_code=doc.get_str(data, (), "dept_number_code", "") or doc.get_str(data, (), "number_code"),
        stage=doc.get_str(data, (), "stage"), record=doc.get_str(data, (), "record", "any"),
        kind=doc.get_str(data, (), "kind", "notice"), officers_required=doc.get_int(data, (), "officers_required", 0),
        fields=fields, sections=tuple(_section(doc, ("sections", i), t)
                                      for i, t in enumerate(doc.get_table_list(data, (), "sections"))),
        signatures=signatures, figures={k: str(v) for k, v in doc.get_table(data, (), "figures", False).items()},
        copies=doc.get_str_list(data, (), "copies", ()), description=doc.get_str(data, (), "description", ""),
        seal=doc.get_bool(data, (), "seal", False),
        page_signature=doc.get_str(data, (), "page_signature", "当事人签名："),
        checks=doc.get_str_list(data, (), "checks", ()),
        # An approval form (审批表) is one sheet of tables: 4号 keeps it there; notices keep 3号 (GB/T 9704).
        body_size=doc.get_float(data, (), "body_size", 14 if doc.get_str(data, (), "kind", "notice") == "form" else 16),
        source=path)
    doc.require(spec.record in ("inspection", "case", "any"), (), "record 只能是 inspection、case 或 any",
                "record must be inspection, case or any", key="record")
    doc.require(spec.kind in ("record", "notice", "form"), (), "kind 只能是 record、notice 或 form",
                "kind must be record, notice or form", key="kind")
    doc.require(1 <= spec.type_no <= 255, (), "type_no 须在 1–255 之间", "type_no must be 1–255", key="type_no")
    _check(doc, spec)
    return spec


def _fragment_keys(path: Path, data: dict[str, Any]) -> set[str]:
    keys: set[str] = set()
    for name in data.get("include", []):
        keys |= set(load_fragment(path.parent / f"{name}.toml"))
    return keys


@lru_cache(maxsize=16)
def load_fragment(path: Path) -> dict[str, FieldSpec]:
    doc = TomlDoc(path, SpecError)
    return {f.key: f for f in (_field(doc, ("fields", i), t) for i, t in enumerate(doc.get_table_list(doc.data, (), "fields")))}


@lru_cache(maxsize=4)
def _load_all(spec_dir: Path) -> dict[str, DocSpec]:
    specs: dict[str, DocSpec] = {}
    numbers: dict[int, str] = {}
    for path in sorted(spec_dir.glob("*.toml")):
        if path.name.startswith("_"):
            continue
        spec = load_spec_file(path)
        if spec.code in specs or spec.type_no in numbers:
            raise SpecError(Msg(f"{path}: 文书代码 {spec.code} 或 type_no {spec.type_no} 与其他文书重复",
                                f"{path}: code {spec.code} or type_no {spec.type_no} is used twice", "spec.duplicate"),
                            path, None)
        specs[spec.code] = spec
        numbers[spec.type_no] = spec.code
    return dict(sorted(specs.items(), key=lambda item: item[1].type_no))


def all_specs(spec_dir: Path | None = None) -> dict[str, DocSpec]:
    """Every document type by code, in type_no order."""
    return _load_all(spec_dir or SPEC_DIR)


def load_spec(code: str) -> DocSpec:
    specs = all_specs()
    if code in specs:
        return specs[code]
    for spec in specs.values():  # officers type the Chinese title as often as the code
        if code in (spec.title, str(spec.type_no)):
            return spec
    raise FieldappError(Msg(f"没有文书类型“{code}”。可选：{'、'.join(f'{s.code}（{s.title}）' for s in specs.values())}",
                            f"No document type '{code}'. Known: {', '.join(specs)}", "doc_type_unknown"))


def spec_by_type_no(type_no: int) -> DocSpec | None:
    return next((s for s in all_specs().values() if s.type_no == type_no), None)
