"""The prospect's learning: enrollments, progress, quizzes, completion, certificates, and the
append-only event log that scoring reads."""
