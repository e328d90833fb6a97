"""The site around the areas: the front page, the health check, the layout's navigation, the
admins' view of background work (/admin/background, read from core.background), and the
organisation's brand that every page, email and certificate shows.

Public: `branding` (current_brand — cached, no query per page —, save_brand, brand_image,
BrandError), `colors` (WCAG contrast). Site imports no other area, so any area may read the
brand. Web: web/ (/, /healthz, /admin/background, /admin/branding, /brand.css, /brand/logo.png,
/brand/favicon.png).
"""
