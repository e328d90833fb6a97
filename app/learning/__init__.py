"""The prospect's learning: enrollments, progress, quizzes, completion, certificates, and the
append-only event log that scoring reads.

Public: `service` (record_event — every signal from any area enters here —, enroll, revoke,
complete_lesson, submit_quiz), `queries` (published_course_for, learner_course_for, marks_in,
my_courses, lessons_done, …), `outline`, `coursemap`, `landing` (course_landing: a course's page
as the person looking at it sees it), `resume` (the Start / Continue / Review button: course_button,
my_buttons), `results` (quiz_result: what a learner reads after a quiz), `events.Verb`, `mail`
(enrolled, and finished with the certificate: on core.signals.event_recorded). Web: web/
(/courses/<slug>, /learn, /my, certificates)."""
