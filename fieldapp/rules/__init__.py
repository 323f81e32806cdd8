"""Pure domain rules: enforcement subject, escalation, officers, penalties,
deadlines and the case state machine. No I/O beyond reading data files via
the loaders; every decision comes with bilingual reasons (`Msg`)."""
