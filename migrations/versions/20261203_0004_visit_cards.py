"""visit cards

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('visit_card',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('conversation_id', sa.String(length=400), nullable=False),
    sa.Column('message_id', sa.String(length=200), nullable=False),
    sa.Column('entra_object_id', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['planned_activity.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('activity_id', 'conversation_id', name='uq_visit_card')
    )
    with op.batch_alter_table('visit_card', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_card_activity_id'), ['activity_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('visit_card', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_card_activity_id'))

    op.drop_table('visit_card')
