"""Site administration: people, roles and the audit log."""
