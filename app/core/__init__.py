"""What every area uses, and nothing area-specific: the extensions (`extensions`: db, csrf,
limiter, login manager, mail), column types (`columns`, `time.UTCDateTime`), states with
transition tables (`states`), request security and roles (`security`, `roles`), error pages
(`errors`), mail, sent by a worker after the commit (`mailer`), background work (`tasks`:
declaring tasks and enqueuing them after the commit; `worker`: the Celery app, run records,
`flask worker`; `background`: what the admins' page shows; `sealed`: data that waits unreadable;
`models`: their tables), committing a unit of work (`uow`), time (`time.utcnow`), the one safe
YAML/JSON loader (`yamlio`), links built on PRIMER_BASE_URL (`links`), what a title or name may
hold (`names`), Markdown made safe for a page and media embeds (`markdown`: every area that
shows what people wrote uses the one sanitizer), prices, durations and counts as text
(`formatting`), languages and time zones (`i18n`), and the domain signals areas send each other
(`signals`).
Nothing here imports an area."""
