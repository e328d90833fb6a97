"""Notifications: which optional emails each person gets (`notification_settings`; no row = the
defaults, course suggestions on and sales alerts off), the leads sales was told of once they
became sales-qualified (`lead_alerts`, one row per lead ever), and the daily digests sent
(`sales_digests`, at most one per person and day).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 14:33:01.083835

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('lead_alerts',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('qualified_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('notified_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_lead_alerts_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_lead_alerts'))
    )
    with op.batch_alter_table('lead_alerts', schema=None) as batch_op:
        batch_op.create_index('ix_lead_alerts_notified_at', ['notified_at'], unique=False)
        batch_op.create_index('ix_lead_alerts_qualified_at', ['qualified_at'], unique=False)

    op.create_table('notification_settings',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('course_tips', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('sales_alerts', sa.Enum('off', 'immediate', 'daily', name='salesalerts_value', native_enum=False, create_constraint=True, length=16), server_default='off', nullable=False),
    sa.Column('sales_alerts_since', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notification_settings_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_notification_settings'))
    )
    op.create_table('sales_digests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('covered_until', sa.DateTime(timezone=True), nullable=False),
    sa.Column('leads', sa.Integer(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_sales_digests_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales_digests')),
    sa.UniqueConstraint('user_id', 'day', name='uq_sales_digests_user_id_day')
    )


def downgrade():
    op.drop_table('sales_digests')
    op.drop_table('notification_settings')
    with op.batch_alter_table('lead_alerts', schema=None) as batch_op:
        batch_op.drop_index('ix_lead_alerts_qualified_at')
        batch_op.drop_index('ix_lead_alerts_notified_at')

    op.drop_table('lead_alerts')
