"""Authoring: what L&D staff do to courses in the browser, without HTTP.

Every save names the course `version` its form was loaded with; `versioning.claim` bumps it
only if nobody saved in between, so two authors never silently overwrite each other. Each
function flushes; the view commits once, or rolls back when a StaleCourse or Invalid is raised.

Public: `courses` (create_course, update_course, publish, unpublish, import_upload, …),
`structure` (modules and lessons), `quizzes`, `lookup` (the rows an author's URL names),
`preview` (a course as a learner sees it), `analytics` (funnel, lessons, quizzes, weekly).
Web: web/ (/author; /author/scoring is the scoring area's editor)."""
