"""Confirmed email addresses: an account works, and a lead reaches the CRM, once confirmed.

Staff accounts were made by an admin (`users create`, `demo seed`), who vouched for the
address, so they count as confirmed; learners confirm theirs at their next login.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 11:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_verified_at', sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE users SET email_verified_at = created_at WHERE role <> 'learner'")


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('email_verified_at')
