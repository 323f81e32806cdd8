"""Evidence photos: content-addressed, tamper-evident, fast to import, never lost.

The core API (no Qt): `import_paths`, `list_evidence`, `edit_link`, `unlink`,
`link_existing`, `purge`, `verify_originals`, `sheet_photos`, and the derived
images (`ensure_thumbnail`, `ensure_display`, `make_display_copies`). Slow
functions take `progress(done, total, message)` and a cancel Event or callable.
"""

from fieldapp.evidence.derived import ensure_display, ensure_thumbnail, make_display_copies, sheet_photos
from fieldapp.evidence.importer import FileResult, ImportReport, import_paths
from fieldapp.evidence.records import edit_link, get_link, link_existing, list_evidence, purge, unlink
from fieldapp.evidence.verify import VerifyReport, verify_originals

__all__ = [
    "FileResult",
    "ImportReport",
    "VerifyReport",
    "edit_link",
    "ensure_display",
    "ensure_thumbnail",
    "get_link",
    "import_paths",
    "link_existing",
    "list_evidence",
    "make_display_copies",
    "purge",
    "sheet_photos",
    "unlink",
    "verify_originals",
]
