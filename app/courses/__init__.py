"""Course content: courses, modules, lessons, quizzes and topics (`models`); course files in and
out (`files`: parse_course, import_course, export_course; `validation.validate_course`;
`importer.write_course`); Markdown (`markdown.render_markdown`); prices and durations for
display and what a course holds (`formatting`); what prospects can browse (`catalog`:
published_courses, course_topics). Web: the public catalog (web/: /courses, /courses/<slug>, enroll)."""
