"""Quiz results that teach: a question's explanation and the lesson that teaches it.

Both are optional: existing questions get no explanation, and their results link to their
module's first lesson until an author names another.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('explanation', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('explanation_html', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('lesson_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_questions_lesson_id_lessons'), 'lessons', ['lesson_id'], ['id'],
                                    ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_questions_lesson_id_lessons'), type_='foreignkey')
        batch_op.drop_column('lesson_id')
        batch_op.drop_column('explanation_html')
        batch_op.drop_column('explanation')
