"""Lead scoring: engagement rules over learning events plus fit rules over the profile, with
decay and thresholds, kept live in the same transaction as each event.

Public: `service` (active_model, save_model, lock_learner, apply_event, refresh_fit,
consent_changed, address_confirmed), `rebuild` (rescore_all, refresh_all, what_if), `rules`
(the model file), `leads` (the sales list, a lead's breakdown and timeline), `export` (CSV).
Web: web/ (/sales: leads, a lead); the scoring model editor is the author area's (authoring/web/scoring.py)."""
