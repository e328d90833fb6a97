"""Course content: courses, modules, lessons, quizzes; files in and out; Markdown rendering."""
