"""Background work: mail on its way (sealed until sent), task runs for the admins' page, and the
task messages already carried out (so a redelivered message does its work once).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 13:28:16.161121

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('outgoing_mail',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('recipient', sa.String(length=320), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('template', sa.String(length=80), nullable=False),
    sa.Column('sealed', sa.Text(), nullable=True),
    sa.Column('status', sa.Enum('pending', 'sending', 'sent', 'failed', name='mailstatus_value', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('queued_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outgoing_mail'))
    )
    with op.batch_alter_table('outgoing_mail', schema=None) as batch_op:
        batch_op.create_index('ix_outgoing_mail_status_next_attempt_at', ['status', 'next_attempt_at'], unique=False)

    op.create_table('task_done',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('task', sa.String(length=120), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_task_done'))
    )
    with op.batch_alter_table('task_done', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_done_done_at'), ['done_at'], unique=False)

    op.create_table('task_runs',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('task', sa.String(length=120), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('duration_ms', sa.Integer(), nullable=False),
    sa.Column('ok', sa.Boolean(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task_runs'))
    )
    with op.batch_alter_table('task_runs', schema=None) as batch_op:
        batch_op.create_index('ix_task_runs_ok_started_at', ['ok', 'started_at'], unique=False)
        batch_op.create_index('ix_task_runs_task_started_at', ['task', 'started_at'], unique=False)



def downgrade():
    with op.batch_alter_table('task_runs', schema=None) as batch_op:
        batch_op.drop_index('ix_task_runs_task_started_at')
        batch_op.drop_index('ix_task_runs_ok_started_at')

    op.drop_table('task_runs')
    with op.batch_alter_table('task_done', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_task_done_done_at'))

    op.drop_table('task_done')
    with op.batch_alter_table('outgoing_mail', schema=None) as batch_op:
        batch_op.drop_index('ix_outgoing_mail_status_next_attempt_at')

    op.drop_table('outgoing_mail')
