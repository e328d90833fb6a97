"""The site around the areas: the front page, the health check, the admins' view of background
work (/admin/background, read from core.background) and the layout's navigation (web/ only; no
domain of its own)."""
