"""County-office logic for 片区联合执法: roster rules, published lists, queues,
inspection plans and random draws, quarterly figures.

Pure functions over plain dataclasses and dicts: no Qt, no HTTP, no SQL. The
county server persists their inputs and outputs and writes the audit entries;
the desktop app and the CLI call the same functions. docs/county.md maps each
rule to the programme text it comes from.
"""
