"""Catalog search: a full-text search document per course, and an optional card image.

PostgreSQL: `course_search` (course_id, document tsvector weighted A title, B summary and
topics, C lesson titles, D lesson bodies; 'english' configuration) with a GIN index; a course's
row goes with the course (foreign key, ON DELETE CASCADE). SQLite: `course_search`, an FTS5
table with one column per part (rowid = course id, porter stemming), and a trigger that deletes
a course's row with the course. The table is not a model (it differs per database);
migrations/env.py keeps autogenerate away from it. Every course already in the database is
indexed here, with the statements app/courses/search.py runs (copied: a migration must keep
doing what it did when it was written).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-09 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

_LIVE_LESSONS = """
    FROM lessons JOIN modules ON modules.id = lessons.module_id
    WHERE lessons.course_id = c.id AND lessons.retired_at IS NULL AND modules.retired_at IS NULL"""
_LIVE_TOPICS = _LIVE_LESSONS.replace(
    "WHERE", "JOIN lesson_topics ON lesson_topics.lesson_id = lessons.id "
             "JOIN topics ON topics.id = lesson_topics.topic_id\n    WHERE", 1)

POSTGRES_FILL = f"""
INSERT INTO course_search (course_id, document)
SELECT c.id,
       setweight(to_tsvector('english', c.title), 'A')
       || setweight(to_tsvector('english', left(c.summary, 10000) || ' ' || coalesce(t.names, '')), 'B')
       || setweight(to_tsvector('english', coalesce(l.titles, '')), 'C')
       || setweight(to_tsvector('english', coalesce(l.bodies, '')), 'D')
FROM courses AS c
LEFT JOIN LATERAL (
    SELECT left(string_agg(lessons.title, ' ' ORDER BY modules.position, lessons.position), 20000) AS titles,
           left(string_agg(lessons.body, E'\\n\\n' ORDER BY modules.position, lessons.position), 60000) AS bodies
    {_LIVE_LESSONS}
) AS l ON true
LEFT JOIN LATERAL (
    SELECT left(string_agg(DISTINCT topics.name, ' '), 10000) AS names
    {_LIVE_TOPICS}
) AS t ON true
"""

SQLITE_FILL = f"""
INSERT INTO course_search (rowid, title, summary, topics, lesson_titles, lesson_bodies)
SELECT c.id, c.title, substr(c.summary, 1, 10000),
       coalesce((SELECT substr(group_concat(DISTINCT topics.name), 1, 10000) {_LIVE_TOPICS}), ''),
       coalesce((SELECT substr(group_concat(lessons.title, ' '), 1, 20000) {_LIVE_LESSONS}), ''),
       coalesce((SELECT substr(group_concat(lessons.body, char(10)), 1, 60000) {_LIVE_LESSONS}), '')
FROM courses AS c
"""


def upgrade():
    with op.batch_alter_table('courses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('image_url', sa.String(length=500), nullable=True))

    if op.get_bind().dialect.name == 'postgresql':
        op.execute(
            "CREATE TABLE course_search ("
            " course_id INTEGER NOT NULL,"
            " document tsvector NOT NULL,"
            " CONSTRAINT pk_course_search PRIMARY KEY (course_id),"
            " CONSTRAINT fk_course_search_course_id_courses FOREIGN KEY (course_id)"
            " REFERENCES courses (id) ON DELETE CASCADE)"
        )
        op.execute("CREATE INDEX ix_course_search_document ON course_search USING gin (document)")
        op.execute(POSTGRES_FILL)
    else:
        op.execute(
            "CREATE VIRTUAL TABLE course_search USING fts5("
            "title, summary, topics, lesson_titles, lesson_bodies,"
            " tokenize = 'porter unicode61 remove_diacritics 2')"
        )
        op.execute(
            "CREATE TRIGGER courses_search_delete AFTER DELETE ON courses BEGIN"
            " DELETE FROM course_search WHERE rowid = old.id; END"
        )
        op.execute(SQLITE_FILL)


def downgrade():
    if op.get_bind().dialect.name != 'postgresql':
        op.execute("DROP TRIGGER IF EXISTS courses_search_delete")
    op.execute("DROP TABLE course_search")
    with op.batch_alter_table('courses', schema=None) as batch_op:
        batch_op.drop_column('image_url')
