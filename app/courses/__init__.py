"""Course content: courses, modules, lessons, quizzes and topics (`models`); course files in and
out (`files`: parse_course, import_course, export_course; `validation.validate_course`;
`importer.write_course`); what a course holds, counted (`formatting.describe`); what prospects
can browse (`catalog`: find_courses, published_courses, course_topics), found by full-text search
(`search`: index_course after every save, reindex_all). Lessons' Markdown is rendered by
core.markdown. Web: the public catalog (web/: /courses). A course's own page, /courses/<slug>, is
the learning area's (it shows the learner's enrollment and progress); its enroll / buy form posts
to billing's."""
