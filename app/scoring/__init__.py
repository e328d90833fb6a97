"""Lead scoring: engagement rules over learning events plus fit rules over the profile, with
decay and thresholds, kept live in the same transaction as each event.

Public: `service` (active_model, save_model, lock_learner, apply_event, refresh_fit),
`rebuild` (rescore_all, refresh_all, what_if), `rules`
(the model file), `versions` (the saved models: active_model, save_model), `stages` (stored
totals and stage moves, shared by live updates and rebuilds), `leads` (the sales list, a
lead's breakdown and timeline), `export` (CSV), `alerts` (new sales-qualified leads mailed to
sales, at once or in a daily digest, once per lead; it hears stage_changed). Imports run one
way: service → rebuild → stages, versions. What others act on goes out as core.signals (stage_changed, score_moved,
course_completed); scoring never imports the CRM.
Web: web/ (/sales: leads, a lead, routes.py; and the scoring model editor, model.py, served
among the author pages at /author/scoring, since authors and admins tune the model)."""
