"""The CRM hand-off: a transactional outbox (`outbox`: enqueue, on_stage_change, …, stop)
that hears other areas through core.signals (`signals.connect`, run at app start),
workers that claim and send it (`worker`: drain, claim, deliver), the HubSpot adapter
(`hubspot`, the only module that imports hubspot), what a contact carries (`payload`), and the
admins' sync page (web/: /admin/crm)."""
