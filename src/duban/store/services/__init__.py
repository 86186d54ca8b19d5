"""Every write to the ledger, as keyword-only functions that record an ``AuditEvent``.

One module per domain (``units``, ``imports``, ``progress``, ``rounds``, ``users``);
each function takes ``session=`` and ``actor=`` and leaves committing to the caller
(``duban.store.db.session_scope``), so a whole import or a web request is one
transaction.
"""
