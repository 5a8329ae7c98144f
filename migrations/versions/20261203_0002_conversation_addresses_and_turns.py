"""conversation addresses and processed turns

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('conversation_address',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conversation_id', sa.String(length=400), nullable=False),
    sa.Column('channel_id', sa.String(length=40), nullable=False),
    sa.Column('scope', sa.String(length=20), nullable=False),
    sa.Column('tenant_id', sa.String(length=64), nullable=False),
    sa.Column('entra_object_id', sa.String(length=64), nullable=True),
    sa.Column('reference', sa.Text(), nullable=False),
    sa.Column('installed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('conversation_id')
    )
    with op.batch_alter_table('conversation_address', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conversation_address_entra_object_id'), ['entra_object_id'], unique=False)

    op.create_table('processed_turn',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('status', sa.Integer(), nullable=True),
    sa.Column('response', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    with op.batch_alter_table('processed_turn', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_processed_turn_created_at'), ['created_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('processed_turn', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_processed_turn_created_at'))

    op.drop_table('processed_turn')
    with op.batch_alter_table('conversation_address', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conversation_address_entra_object_id'))

    op.drop_table('conversation_address')
