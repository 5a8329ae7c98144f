"""visits proposals outbound messages reminders

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('outbound_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conversation_id', sa.String(length=400), nullable=False),
    sa.Column('tenant_id', sa.String(length=64), nullable=False),
    sa.Column('purpose', sa.String(length=60), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.String(), nullable=False),
    sa.Column('sent_activity_id', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('outbound_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbound_message_conversation_id'), ['conversation_id'], unique=False)

    op.create_table('reminder_preference',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', 'kind')
    )
    op.create_table('activity_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('by', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['planned_activity.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('activity_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_event_activity_id'), ['activity_id'], unique=False)

    op.create_table('scheduled_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('urn', sa.String(length=20), nullable=True),
    sa.Column('activity_id', sa.Integer(), nullable=True),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('claimed_by', sa.String(length=100), nullable=False),
    sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['activity_id'], ['planned_activity.id'], ),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key')
    )
    with op.batch_alter_table('scheduled_message', schema=None) as batch_op:
        batch_op.create_index('ix_scheduled_message_due', ['status', 'due_at'], unique=False)

    op.create_table('visit_proposal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('proposed_by', sa.String(length=200), nullable=False),
    sa.Column('proposed_by_person_id', sa.Integer(), nullable=True),
    sa.Column('proposed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('options', sa.Text(), nullable=False),
    sa.Column('note', sa.String(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('chosen', sa.DateTime(timezone=True), nullable=True),
    sa.Column('responded_by', sa.String(length=200), nullable=False),
    sa.Column('responded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('suggested_date', sa.Date(), nullable=True),
    sa.Column('response_note', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['planned_activity.id'], ),
    sa.ForeignKeyConstraint(['proposed_by_person_id'], ['person.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('visit_proposal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_proposal_activity_id'), ['activity_id'], unique=False)

    with op.batch_alter_table('planned_activity', schema=None) as batch_op:
        batch_op.add_column(sa.Column('start_time', sa.Time(), nullable=True))
        batch_op.add_column(sa.Column('confirmed_by', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('confirmed_on_behalf', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('report_written_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('over_reason', sa.String(), nullable=False, server_default=''))



def downgrade() -> None:
    with op.batch_alter_table('planned_activity', schema=None) as batch_op:
        batch_op.drop_column('over_reason')
        batch_op.drop_column('report_written_on')
        batch_op.drop_column('confirmed_on_behalf')
        batch_op.drop_column('confirmed_by')
        batch_op.drop_column('start_time')

    with op.batch_alter_table('visit_proposal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_proposal_activity_id'))

    op.drop_table('visit_proposal')
    with op.batch_alter_table('scheduled_message', schema=None) as batch_op:
        batch_op.drop_index('ix_scheduled_message_due')

    op.drop_table('scheduled_message')
    with op.batch_alter_table('activity_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activity_event_activity_id'))

    op.drop_table('activity_event')
    op.drop_table('reminder_preference')
    with op.batch_alter_table('outbound_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbound_message_conversation_id'))

    op.drop_table('outbound_message')
