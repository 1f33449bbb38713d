"""Proposals: residents' ideas inside a consultation, with supports and versions."""
