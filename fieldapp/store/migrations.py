"""Numbered schema migrations, recorded in `schema_migrations`.

Each migration is a function registered with `@migration(n, name)`; it runs in
its own transaction and must never be edited once released: add a new one.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

Migration = Callable[[sqlite_utils.Database], None]
MIGRATIONS: list[tuple[int, str, Migration]] = []


def migration(version: int, name: str) -> Callable[[Migration], Migration]:
    def register(func: Migration) -> Migration:
        assert all(v != version for v, _, _ in MIGRATIONS), f"duplicate migration {version}"
        MIGRATIONS.append((version, name, func))
        MIGRATIONS.sort(key=lambda item: item[0])
        return func

    return register


def latest_version() -> int:
    return MIGRATIONS[-1][0] if MIGRATIONS else 0


def run_statements(db: sqlite_utils.Database, statements: list[str]) -> None:
    # executescript() would COMMIT behind our back, so run one by one.
    for statement in statements:
        db.conn.execute(statement)


# Tables whose issued or final rows may not change their content.
_V1 = [
    """CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)""",
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    # Reference data: jurisdiction and catalogue, loaded from resources or pulled.
    """CREATE TABLE jurisdictions (
        key TEXT PRIMARY KEY, name TEXT NOT NULL, full_name TEXT NOT NULL,
        division_code TEXT, data TEXT NOT NULL, loaded_at TEXT NOT NULL)""",
    """CREATE TABLE departments (
        jurisdiction TEXT NOT NULL REFERENCES jurisdictions(key), key TEXT NOT NULL,
        name TEXT NOT NULL, full_name TEXT NOT NULL, short_name TEXT NOT NULL,
        PRIMARY KEY (jurisdiction, key))""",
    """CREATE TABLE areas (
        jurisdiction TEXT NOT NULL REFERENCES jurisdictions(key), key TEXT NOT NULL,
        name TEXT NOT NULL, head_department TEXT NOT NULL, station TEXT,
        PRIMARY KEY (jurisdiction, key))""",
    """CREATE TABLE townships (
        jurisdiction TEXT NOT NULL REFERENCES jurisdictions(key), name TEXT NOT NULL,
        full_name TEXT NOT NULL, short_name TEXT NOT NULL, kind TEXT NOT NULL,
        division_code TEXT, area TEXT NOT NULL,
        PRIMARY KEY (jurisdiction, name))""",
    """CREATE TABLE catalogue_versions (
        version TEXT PRIMARY KEY, effective_from TEXT NOT NULL, sample INTEGER NOT NULL,
        loaded_at TEXT NOT NULL)""",
    """CREATE TABLE matters (
        version TEXT NOT NULL REFERENCES catalogue_versions(version), code TEXT NOT NULL,
        name TEXT NOT NULL, category TEXT NOT NULL, lead_department TEXT NOT NULL,
        legal_basis TEXT NOT NULL, penalty_basis TEXT NOT NULL,
        penalty_min INTEGER, penalty_max INTEGER, penalty_text TEXT NOT NULL,
        life_safety INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (version, code))""",
    """CREATE TABLE matter_delegations (
        version TEXT NOT NULL, code TEXT NOT NULL, jurisdiction TEXT NOT NULL,
        delegated INTEGER NOT NULL, effective_from TEXT NOT NULL, effective_to TEXT,
        FOREIGN KEY (version, code) REFERENCES matters(version, code))""",
    # People.
    """CREATE TABLE officers (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, cert_no TEXT NOT NULL UNIQUE,
        cert_valid_until TEXT, unit TEXT NOT NULL, department TEXT, township TEXT,
        roles TEXT NOT NULL DEFAULT '[]', password_hash TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1, conflicts TEXT NOT NULL DEFAULT '[]',
        revision INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)""",
    """CREATE TABLE parties (
        id TEXT PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('person','organisation')),
        name TEXT NOT NULL, uscc TEXT, id_number TEXT, legal_rep TEXT, address TEXT,
        phone TEXT, township TEXT, id_warning TEXT,
        revision INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)""",
    "CREATE INDEX parties_uscc ON parties(uscc)",
    "CREATE INDEX parties_id_number ON parties(id_number)",
    # Name search: our own unigram/bigram tokens, so 1- and 2-character Chinese
    # queries work too (the trigram tokenizer needs 3).
    "CREATE VIRTUAL TABLE parties_fts USING fts5(grams, tokenize='unicode61')",
    # Joint inspections (综合查一次).
    """CREATE TABLE inspections (
        id TEXT PRIMARY KEY, township TEXT NOT NULL, place TEXT NOT NULL DEFAULT '',
        party_id TEXT REFERENCES parties(id), planned_for TEXT,
        started_at TEXT, ended_at TEXT,
        status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('planned','draft','final','voided')),
        result TEXT CHECK (result IS NULL OR result IN
            ('compliant','order_to_correct','on_the_spot_penalty','open_case')),
        summary TEXT NOT NULL DEFAULT '', plan_id TEXT, supersedes TEXT, void_reason TEXT,
        created_by TEXT, revision INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL)""",
    "CREATE INDEX inspections_list ON inspections(township, status, started_at)",
    "CREATE INDEX inspections_started ON inspections(started_at)",
    "CREATE INDEX inspections_party ON inspections(party_id)",
    """CREATE TABLE inspection_officers (
        inspection_id TEXT NOT NULL REFERENCES inspections(id), officer_id TEXT NOT NULL REFERENCES officers(id),
        role TEXT NOT NULL DEFAULT 'member', PRIMARY KEY (inspection_id, officer_id)) WITHOUT ROWID""",
    """CREATE TABLE inspection_matters (
        inspection_id TEXT NOT NULL REFERENCES inspections(id), matter_code TEXT NOT NULL,
        catalogue_version TEXT NOT NULL, category TEXT NOT NULL,
        subject_key TEXT NOT NULL, subject_name TEXT NOT NULL,
        finding TEXT NOT NULL DEFAULT '', compliant INTEGER,
        PRIMARY KEY (inspection_id, matter_code)) WITHOUT ROWID""",
    # Complaints and cases.
    """CREATE TABLE complaints (
        id TEXT PRIMARY KEY, township TEXT NOT NULL, received_at TEXT NOT NULL,
        channel TEXT NOT NULL, complainant TEXT NOT NULL DEFAULT '', contact TEXT NOT NULL DEFAULT '',
        content TEXT NOT NULL, party_id TEXT REFERENCES parties(id),
        status TEXT NOT NULL DEFAULT 'received', case_id TEXT,
        revision INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)""",
    """CREATE TABLE cases (
        id TEXT PRIMARY KEY, township TEXT NOT NULL, party_id TEXT REFERENCES parties(id),
        source TEXT NOT NULL, inspection_id TEXT REFERENCES inspections(id),
        complaint_id TEXT REFERENCES complaints(id),
        state TEXT NOT NULL, title TEXT NOT NULL DEFAULT '', summary TEXT NOT NULL DEFAULT '',
        subject_kind TEXT, subject_key TEXT, subject_name TEXT,
        accepted_on TEXT, filed_on TEXT, decided_on TEXT, served_on TEXT, closed_on TEXT,
        review_required INTEGER NOT NULL DEFAULT 0, review_outcome TEXT,
        escalated INTEGER NOT NULL DEFAULT 0, area_key TEXT,
        townships TEXT NOT NULL DEFAULT '[]', proposed_fine INTEGER,
        penalties TEXT NOT NULL DEFAULT '[]', flags TEXT NOT NULL DEFAULT '[]',
        revision INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)""",
    "CREATE INDEX cases_list ON cases(township, state, created_at)",
    """CREATE TABLE case_matters (
        case_id TEXT NOT NULL REFERENCES cases(id), matter_code TEXT NOT NULL,
        PRIMARY KEY (case_id, matter_code)) WITHOUT ROWID""",
    """CREATE TABLE case_officers (
        case_id TEXT NOT NULL REFERENCES cases(id), officer_id TEXT NOT NULL REFERENCES officers(id),
        PRIMARY KEY (case_id, officer_id)) WITHOUT ROWID""",
    """CREATE TABLE case_transitions (
        id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases(id),
        from_state TEXT NOT NULL, to_state TEXT NOT NULL, at TEXT NOT NULL,
        officer_id TEXT, reason TEXT NOT NULL DEFAULT '')""",
    "CREATE INDEX case_transitions_case ON case_transitions(case_id, at)",
    # Evidence metadata (capabilities in fieldapp.evidence).
    """CREATE TABLE evidence_files (
        sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, mime TEXT NOT NULL,
        width INTEGER, height INTEGER, taken_at TEXT, gps_lat REAL, gps_lon REAL,
        camera TEXT, orientation INTEGER, original_name TEXT NOT NULL DEFAULT '',
        imported_at TEXT NOT NULL)""",
    """CREATE TABLE evidence_links (
        id TEXT PRIMARY KEY, sha256 TEXT NOT NULL REFERENCES evidence_files(sha256),
        inspection_id TEXT REFERENCES inspections(id), case_id TEXT REFERENCES cases(id),
        caption TEXT NOT NULL DEFAULT '', place TEXT NOT NULL DEFAULT '',
        photographer TEXT NOT NULL DEFAULT '', linked_by TEXT, linked_at TEXT NOT NULL,
        unlinked_at TEXT, revision INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL)""",
    "CREATE INDEX evidence_links_inspection ON evidence_links(inspection_id)",
    "CREATE INDEX evidence_links_case ON evidence_links(case_id)",
    # Documents (capabilities in fieldapp.forms).
    """CREATE TABLE documents (
        id TEXT PRIMARY KEY, doc_type TEXT NOT NULL,
        case_id TEXT REFERENCES cases(id), inspection_id TEXT REFERENCES inspections(id),
        subject_key TEXT, subject_name TEXT, number TEXT UNIQUE, number_seq INTEGER, year INTEGER,
        status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','issued','voided')),
        content TEXT NOT NULL DEFAULT '{}', content_hash TEXT,
        issued_at TEXT, issued_by TEXT, voided_at TEXT, void_reason TEXT,
        supersedes TEXT REFERENCES documents(id), superseded_by TEXT,
        print_count INTEGER NOT NULL DEFAULT 0,
        revision INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)""",
    "CREATE INDEX documents_case ON documents(case_id)",
    "CREATE INDEX documents_inspection ON documents(inspection_id)",
    # Number blocks leased from the county; allocations are never reused.
    """CREATE TABLE number_blocks (
        id TEXT PRIMARY KEY, subject_key TEXT NOT NULL, doc_code TEXT NOT NULL,
        year INTEGER NOT NULL, first INTEGER NOT NULL, last INTEGER NOT NULL,
        next INTEGER NOT NULL, source TEXT NOT NULL, leased_at TEXT NOT NULL,
        CHECK (first >= 1 AND last >= first AND next >= first AND next <= last + 1))""",
    "CREATE INDEX number_blocks_key ON number_blocks(subject_key, doc_code, year, first)",
    """CREATE TABLE number_allocations (
        subject_key TEXT NOT NULL, doc_code TEXT NOT NULL, year INTEGER NOT NULL, n INTEGER NOT NULL,
        number TEXT NOT NULL, document_id TEXT, block_id TEXT NOT NULL REFERENCES number_blocks(id),
        allocated_at TEXT NOT NULL,
        PRIMARY KEY (subject_key, doc_code, year, n)) WITHOUT ROWID""",
    # The hash-chained audit log (执法全过程记录) and the sync outbox.
    """CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY, ts TEXT NOT NULL, device_id TEXT NOT NULL, officer_id TEXT,
        entity TEXT NOT NULL, entity_id TEXT NOT NULL, action TEXT NOT NULL,
        before TEXT, after TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)""",
    "CREATE INDEX audit_entity ON audit_log(entity, entity_id, seq)",
    # The outbox names the change; its payload is the after-image of audit
    # entry `audit_seq` (kept once, not twice), so `payload` stays NULL.
    """CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, entity TEXT NOT NULL, entity_id TEXT NOT NULL,
        revision INTEGER NOT NULL, op TEXT NOT NULL, payload TEXT,
        audit_seq INTEGER, created_at TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sent','acked','quarantined')),
        batch_id TEXT, reason TEXT, acked_at TEXT)""",
    "CREATE INDEX outbox_status ON outbox(status, seq)",
    # Append-only and immutability guards; hand edits that drop these are
    # caught by `fieldapp audit verify`.
    """CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END""",
    """CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END""",
    """CREATE TRIGGER documents_issued_immutable BEFORE UPDATE ON documents
        WHEN OLD.status != 'draft' AND (
            NEW.content IS NOT OLD.content OR NEW.number IS NOT OLD.number
            OR NEW.doc_type IS NOT OLD.doc_type OR NEW.content_hash IS NOT OLD.content_hash
            OR NEW.issued_at IS NOT OLD.issued_at OR NEW.subject_key IS NOT OLD.subject_key
            OR NEW.case_id IS NOT OLD.case_id OR NEW.inspection_id IS NOT OLD.inspection_id
            OR (OLD.status = 'voided' AND NEW.status != 'voided'))
        BEGIN SELECT RAISE(ABORT, 'issued document is immutable: void and supersede it'); END""",
    """CREATE TRIGGER documents_no_delete BEFORE DELETE ON documents WHEN OLD.status != 'draft'
        BEGIN SELECT RAISE(ABORT, 'issued document is immutable: void and supersede it'); END""",
    """CREATE TRIGGER inspections_final_immutable BEFORE UPDATE ON inspections
        WHEN OLD.status IN ('final','voided') AND (
            NEW.township IS NOT OLD.township OR NEW.place IS NOT OLD.place
            OR NEW.party_id IS NOT OLD.party_id OR NEW.started_at IS NOT OLD.started_at
            OR NEW.ended_at IS NOT OLD.ended_at OR NEW.result IS NOT OLD.result
            OR NEW.summary IS NOT OLD.summary OR (OLD.status = 'voided' AND NEW.status != 'voided')
            OR (OLD.status = 'final' AND NEW.status NOT IN ('final','voided')))
        BEGIN SELECT RAISE(ABORT, 'final inspection is immutable: void and supersede it'); END""",
    """CREATE TRIGGER inspection_matters_final BEFORE UPDATE ON inspection_matters
        WHEN (SELECT status FROM inspections WHERE id = OLD.inspection_id) IN ('final','voided')
        BEGIN SELECT RAISE(ABORT, 'final inspection is immutable: void and supersede it'); END""",
    """CREATE TRIGGER inspection_matters_final_del BEFORE DELETE ON inspection_matters
        WHEN (SELECT status FROM inspections WHERE id = OLD.inspection_id) IN ('final','voided')
        BEGIN SELECT RAISE(ABORT, 'final inspection is immutable: void and supersede it'); END""",
    """CREATE TRIGGER inspection_officers_final_del BEFORE DELETE ON inspection_officers
        WHEN (SELECT status FROM inspections WHERE id = OLD.inspection_id) IN ('final','voided')
        BEGIN SELECT RAISE(ABORT, 'final inspection is immutable: void and supersede it'); END""",
    """CREATE TRIGGER number_allocations_no_delete BEFORE DELETE ON number_allocations
        BEGIN SELECT RAISE(ABORT, 'document numbers are never reused'); END""",
]


@migration(1, "initial schema")
def _initial(db: sqlite_utils.Database) -> None:
    run_statements(db, _V1)


# Evidence photos (fieldapp.evidence): the EXIF problems noted at import, and
# chain-of-custody guards below the app. An evidence file record never changes
# (its bytes are content-addressed); a link whose inspection or case has an
# issued document cannot be deleted, and through the foreign key neither can
# the file record it points to.
_V3_EVIDENCE = [
    "ALTER TABLE evidence_files ADD COLUMN exif_note TEXT",
    "CREATE INDEX evidence_links_sha ON evidence_links(sha256)",
    """CREATE TRIGGER evidence_files_immutable BEFORE UPDATE ON evidence_files
        BEGIN SELECT RAISE(ABORT, 'evidence file record is immutable'); END""",
    """CREATE TRIGGER evidence_links_issued_no_delete BEFORE DELETE ON evidence_links
        WHEN EXISTS (SELECT 1 FROM documents d WHERE d.status != 'draft' AND (
            (OLD.inspection_id IS NOT NULL AND d.inspection_id = OLD.inspection_id)
            OR (OLD.case_id IS NOT NULL AND d.case_id = OLD.case_id)))
        BEGIN SELECT RAISE(ABORT, 'evidence cited by an issued document is immutable'); END""",
]


@migration(3, "evidence: exif notes and custody guards")
def _evidence_custody(db: sqlite_utils.Database) -> None:
    run_statements(db, _V3_EVIDENCE)


# Sync (fieldapp.sync): batches are built once and stored so a resend after a
# cut sends the same bytes under the same id; the server's answers, conflicts
# kept side by side, and pulled items that could not be applied yet.
_V4_SYNC = [
    """CREATE TABLE sync_batches (
        batch_id TEXT PRIMARY KEY, created_at TEXT NOT NULL, body BLOB, sig TEXT,
        first_seq INTEGER NOT NULL, last_seq INTEGER NOT NULL, records INTEGER NOT NULL,
        status TEXT NOT NULL DEFAULT 'sent' CHECK (status IN ('sent','acked')),
        acked_at TEXT, via TEXT, result TEXT)""",
    "CREATE INDEX sync_batches_status ON sync_batches(status, created_at)",
    "CREATE INDEX outbox_batch ON outbox(batch_id)",
    """CREATE TABLE sync_blobs (sha256 TEXT PRIMARY KEY, confirmed_at TEXT NOT NULL) WITHOUT ROWID""",
    """CREATE TABLE sync_conflicts (
        id INTEGER PRIMARY KEY, entity TEXT NOT NULL, entity_id TEXT NOT NULL, source TEXT NOT NULL,
        local_revision INTEGER, server_revision INTEGER, payload TEXT, reason TEXT NOT NULL,
        detected_at TEXT NOT NULL, resolved_at TEXT)""",
    """CREATE TABLE sync_inbox (
        id INTEGER PRIMARY KEY, entity TEXT NOT NULL, entity_id TEXT NOT NULL, revision INTEGER NOT NULL,
        payload TEXT NOT NULL, reason TEXT NOT NULL, received_at TEXT NOT NULL, tries INTEGER NOT NULL DEFAULT 1,
        UNIQUE (entity, entity_id))""",
    """CREATE TABLE sync_runs (
        id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT, status TEXT, summary TEXT)""",
]


@migration(4, "sync: stored batches, confirmed blobs, conflicts, inbox, runs")
def _sync(db: sqlite_utils.Database) -> None:
    run_statements(db, _V4_SYNC)


# County records (docs/county-records.md): what the county roles decide on a
# county-level laptop, synced like any record. No foreign keys to officers or
# cases: a pulled row may arrive before what it names, and waits in no inbox.
_STAMP = "revision INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL, updated_at TEXT NOT NULL"
_V5_COUNTY = [
    f"""CREATE TABLE roster_entries (
        id TEXT PRIMARY KEY, officer_id TEXT NOT NULL, name TEXT NOT NULL, department TEXT,
        cert_no TEXT NOT NULL DEFAULT '', cert_valid_until TEXT, area_key TEXT, township TEXT,
        mode TEXT NOT NULL DEFAULT 'none' CHECK (mode IN ('stationed','linked','none')),
        certified INTEGER NOT NULL DEFAULT 1, unit TEXT NOT NULL DEFAULT '', conflicts TEXT NOT NULL DEFAULT '[]',
        active INTEGER NOT NULL DEFAULT 1, {_STAMP})""",
    "CREATE INDEX roster_entries_officer ON roster_entries(officer_id, area_key)",
    f"""CREATE TABLE joint_actions (
        id TEXT PRIMARY KEY, case_id TEXT, area_key TEXT NOT NULL, township TEXT, on_date TEXT NOT NULL,
        officers TEXT NOT NULL DEFAULT '[]', departments TEXT NOT NULL DEFAULT '[]', note TEXT NOT NULL DEFAULT '',
        assigned_by TEXT, {_STAMP})""",
    "CREATE INDEX joint_actions_case ON joint_actions(case_id)",
    f"""CREATE TABLE plans (
        id TEXT PRIMARY KEY, area_key TEXT NOT NULL, year INTEGER NOT NULL, department TEXT NOT NULL,
        items TEXT NOT NULL DEFAULT '[]', seed_commitment TEXT, {_STAMP})""",
    # `inputs` keeps the target and inspector lists drawn from, so the draw can
    # be re-run later although the directory and roster have moved on.
    f"""CREATE TABLE draws (
        id TEXT PRIMARY KEY, plan_id TEXT NOT NULL, area_key TEXT NOT NULL, period TEXT NOT NULL,
        round_no INTEGER NOT NULL, seed TEXT NOT NULL, record TEXT NOT NULL, result_sha TEXT NOT NULL,
        drawn_by TEXT, inputs TEXT NOT NULL DEFAULT '{{}}', {_STAMP})""",
    "CREATE INDEX draws_plan ON draws(plan_id, period, round_no)",
    f"""CREATE TABLE published_lists (
        id TEXT PRIMARY KEY, area_key TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('personnel','matters')),
        on_date TEXT NOT NULL, content TEXT NOT NULL, content_sha TEXT NOT NULL, published_by TEXT, {_STAMP})""",
    f"""CREATE TABLE attendance (
        id TEXT PRIMARY KEY, officer_id TEXT NOT NULL, on_date TEXT NOT NULL, area_key TEXT NOT NULL,
        township TEXT, {_STAMP})""",
    "CREATE INDEX attendance_day ON attendance(on_date, officer_id)",
    f"""CREATE TABLE ratings (
        id TEXT PRIMARY KEY, officer_id TEXT NOT NULL, department TEXT, area_key TEXT, year INTEGER NOT NULL,
        quarter INTEGER NOT NULL, area_rating TEXT NOT NULL, personal_grade TEXT, rated_by TEXT, {_STAMP})""",
    "ALTER TABLE cases ADD COLUMN escalated_on TEXT",
    "ALTER TABLE cases ADD COLUMN escalate_reason TEXT",
    "ALTER TABLE cases ADD COLUMN reviewed_by TEXT",
    "ALTER TABLE cases ADD COLUMN reviewed_on TEXT",
    "ALTER TABLE cases ADD COLUMN review_note TEXT",
    "ALTER TABLE cases ADD COLUMN subject_dispute TEXT",
    "ALTER TABLE cases ADD COLUMN joint_action_id TEXT",
    "CREATE INDEX cases_review ON cases(review_required, state)",
    "CREATE INDEX cases_escalated ON cases(escalated, area_key)",
]


@migration(5, "county records: roster, joint actions, plans, draws, lists, attendance, ratings; case review")
def _county(db: sqlite_utils.Database) -> None:
    run_statements(db, _V5_COUNTY)


# Case steps are history: the reason of a 撤销 or 移送 is never edited or removed.
_V6_TRANSITIONS = [
    """CREATE TRIGGER case_transitions_no_update BEFORE UPDATE ON case_transitions
       BEGIN SELECT RAISE(ABORT, 'case transitions are append-only'); END""",
    """CREATE TRIGGER case_transitions_no_delete BEFORE DELETE ON case_transitions
       BEGIN SELECT RAISE(ABORT, 'case transitions are append-only'); END""",
    # Steps written before this migration have no audit entry of their own; they are
    # named here so `audit verify` does not call them forged (the triggers now guard them).
    """INSERT OR REPLACE INTO meta(key, value) VALUES ('case_transitions_unaudited_upto',
       (SELECT coalesce(max(rowid), 0) FROM case_transitions))""",
]


@migration(6, "case transitions append-only")
def _transitions(db: sqlite_utils.Database) -> None:
    run_statements(db, _V6_TRANSITIONS)


# The v1 immutability trigger let an issued document go back to 'draft', after which
# update_draft could rewrite it; issued may only stay issued or become voided.
_V7_DOCUMENT_STATUS = [
    """CREATE TRIGGER documents_issued_status BEFORE UPDATE OF status ON documents
        WHEN OLD.status = 'issued' AND NEW.status NOT IN ('issued','voided')
        BEGIN SELECT RAISE(ABORT, 'issued document is immutable: void and supersede it'); END""",
]


@migration(7, "issued documents cannot return to draft")
def _document_status(db: sqlite_utils.Database) -> None:
    run_statements(db, _V7_DOCUMENT_STATUS)
