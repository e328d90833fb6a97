"""The prospect's learning: enrollments, progress, quizzes, completion, certificates, and the
append-only event log that scoring reads.

Public: `service` (record_event — every signal from any area enters here —, enroll, revoke,
complete_lesson, submit_quiz), `queries` (published_course_for, learner_course_for, marks_in,
my_courses, lessons_done, …), `outline`, `coursemap`, `events.Verb`. Web: web/ (/learn, /my, certificates)."""
