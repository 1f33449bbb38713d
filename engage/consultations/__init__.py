"""Consultations: a public question on a technology policy, open between two dates."""
