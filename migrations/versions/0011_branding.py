"""Branding: the organisation's name, colour, footer links, logo and favicon, set by an admin.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-10 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('branding',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('color', sa.String(length=7), nullable=True),
    sa.Column('privacy_url', sa.String(length=500), nullable=True),
    sa.Column('terms_url', sa.String(length=500), nullable=True),
    sa.Column('contact_url', sa.String(length=500), nullable=True),
    sa.Column('favicon_from_logo', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('id = 1', name=op.f('ck_branding_single_row')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_branding'))
    )
    op.create_table('brand_images',
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('kind', name=op.f('pk_brand_images'))
    )


def downgrade():
    op.drop_table('brand_images')
    op.drop_table('branding')
