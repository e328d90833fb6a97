"""The CRM hand-off: a transactional outbox (`outbox`: enqueue, on_stage_change, …, stop) that
hears other areas through core.signals (`signals.connect`, run at app start), workers that claim
and send it (`worker`: drain, claim, deliver; `tasks`: the background worker's periodic drain),
what a lead carries (`payload` builds the `contacts.Lead` records; `contacts` also holds the
CrmAdapter interface), the HubSpot adapter (`hubspot`, the only module that imports hubspot and
the only one that knows HubSpot's property names), and the admins' sync page (web/: /admin/crm)."""
