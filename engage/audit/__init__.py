"""The audit log: every privileged action, with actor, target, reason and time."""
