"""Billing hardening: refunds that arrive before the payment they refund.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 11:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('pending_refunds',
    sa.Column('payment_intent', sa.String(length=255), nullable=False),
    sa.Column('event_id', sa.String(length=255), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['stripe_events.id'], name=op.f('fk_pending_refunds_event_id_stripe_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('payment_intent', name=op.f('pk_pending_refunds'))
    )


def downgrade():
    op.drop_table('pending_refunds')
