"""Display preferences: larger text, high contrast, reduced motion, wider spacing."""
