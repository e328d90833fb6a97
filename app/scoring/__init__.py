"""Lead scoring: engagement rules over learning events plus fit rules over the profile,
with decay and thresholds, kept live in the same transaction as each event."""
