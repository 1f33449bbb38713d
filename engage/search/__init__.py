"""Full-text search over consultations, proposals and comments: one interface, two engines."""
