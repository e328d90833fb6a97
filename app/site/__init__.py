"""The site around the areas: the front page, the health check and the layout's navigation
(web/ only; no domain of its own)."""
