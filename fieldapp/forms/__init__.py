"""Standardized enforcement documents: specs (data), PDF rendering, signed QR, verification.

`spec` loads the TOML specs that drive both the editor and the PDF; `lifecycle`
makes, issues, prints, voids and supersedes documents; `render` draws them;
`payload` and `qr` carry the signed QR; `verify` checks a paper offline.
No Qt here: the desktop app calls these from a worker thread.
"""
