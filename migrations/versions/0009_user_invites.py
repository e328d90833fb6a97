"""Admins invite and deactivate people: invitation tokens beside reset tokens, the account's
invitation and deactivation times, and a log of who did what to which account.

Existing tokens are all password resets (the server default); no account was invited or
deactivated before, so both times start empty.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 13:33:41.887209

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('account_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.Enum('invited', 'invitation_resent', 'invitation_accepted', 'deactivated', 'reactivated', 'role_changed', name='accountaction_value', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('detail', sa.String(length=200), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_account_log_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_account_log_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_log'))
    )
    with op.batch_alter_table('account_log', schema=None) as batch_op:
        batch_op.create_index('ix_account_log_at', ['at'], unique=False)
        batch_op.create_index('ix_account_log_user_id', ['user_id'], unique=False)

    with op.batch_alter_table('password_reset_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('purpose', sa.Enum('reset', 'invitation', name='tokenpurpose_value', native_enum=False, create_constraint=True, length=16), server_default='reset', nullable=False))

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('invited_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('deactivated_at', sa.DateTime(timezone=True), nullable=True))



def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('deactivated_at')
        batch_op.drop_column('invited_at')

    with op.batch_alter_table('password_reset_tokens', schema=None) as batch_op:
        # Its CHECK goes first: SQLite's copy of the table would otherwise keep a check on a gone column.
        batch_op.drop_constraint(op.f('ck_password_reset_tokens_tokenpurpose_value'), type_='check')
        batch_op.drop_column('purpose')

    with op.batch_alter_table('account_log', schema=None) as batch_op:
        batch_op.drop_index('ix_account_log_user_id')
        batch_op.drop_index('ix_account_log_at')

    op.drop_table('account_log')
