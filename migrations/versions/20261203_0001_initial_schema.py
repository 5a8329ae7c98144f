"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-12-03
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('establishment',
    sa.Column('urn', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('phase', sa.String(length=60), nullable=False),
    sa.Column('la_code', sa.String(length=10), nullable=False),
    sa.Column('la_name', sa.String(length=100), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('head_name', sa.String(length=200), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=True),
    sa.Column('ofsted_outcome', sa.String(length=100), nullable=False),
    sa.Column('ofsted_date', sa.Date(), nullable=True),
    sa.Column('source', sa.String(length=40), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('urn')
    )
    with op.batch_alter_table('establishment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_establishment_name'), ['name'], unique=False)

    op.create_table('person',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('entra_object_id', sa.String(length=64), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('email'),
    sa.UniqueConstraint('entra_object_id')
    )
    op.create_table('allocation_adjustment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('urn', sa.String(length=20), nullable=False),
    sa.Column('academic_year', sa.String(length=7), nullable=False),
    sa.Column('days', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('reason', sa.String(), nullable=False),
    sa.Column('by', sa.String(length=200), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['urn'], ['establishment.urn'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('allocation_adjustment', schema=None) as batch_op:
        batch_op.create_index('ix_allocation_adjustment_urn_year', ['urn', 'academic_year'], unique=False)

    op.create_table('caseload',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('urn', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['urn'], ['establishment.urn'], ),
    sa.PrimaryKeyConstraint('person_id', 'urn')
    )
    op.create_table('category_assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('urn', sa.String(length=20), nullable=False),
    sa.Column('category', sa.String(length=10), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('agreed_by', sa.String(length=200), nullable=False),
    sa.Column('rationale', sa.String(), nullable=False),
    sa.Column('evidence', sa.String(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['urn'], ['establishment.urn'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('category_assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_category_assignment_urn'), ['urn'], unique=False)

    op.create_table('person_role',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=30), nullable=False),
    sa.Column('urn', sa.String(length=20), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['urn'], ['establishment.urn'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('person_id', 'role', 'urn', name='uq_person_role')
    )
    with op.batch_alter_table('person_role', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_role_person_id'), ['person_id'], unique=False)

    op.create_table('planned_activity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('urn', sa.String(length=20), nullable=False),
    sa.Column('academic_year', sa.String(length=7), nullable=False),
    sa.Column('activity', sa.String(length=40), nullable=False),
    sa.Column('window', sa.String(length=20), nullable=False),
    sa.Column('prep_days', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('visit_days', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('write_up_days', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('category', sa.String(length=10), nullable=True),
    sa.Column('month', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(), nullable=False),
    sa.Column('booked_on', sa.Date(), nullable=True),
    sa.Column('delivered_on', sa.Date(), nullable=True),
    sa.Column('used_prep_days', sa.Numeric(precision=6, scale=2), nullable=True),
    sa.Column('used_visit_days', sa.Numeric(precision=6, scale=2), nullable=True),
    sa.Column('used_write_up_days', sa.Numeric(precision=6, scale=2), nullable=True),
    sa.Column('reason', sa.String(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['urn'], ['establishment.urn'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('planned_activity', schema=None) as batch_op:
        batch_op.create_index('ix_planned_activity_urn_year', ['urn', 'academic_year'], unique=False)
    op.create_table('year_plan',
    sa.Column('urn', sa.String(length=20), nullable=False),
    sa.Column('academic_year', sa.String(length=7), nullable=False),
    sa.Column('category', sa.String(length=10), nullable=True),
    sa.Column('generated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['urn'], ['establishment.urn'], ),
    sa.PrimaryKeyConstraint('urn', 'academic_year')
    )


def downgrade() -> None:
    op.drop_table('year_plan')
    with op.batch_alter_table('planned_activity', schema=None) as batch_op:
        batch_op.drop_index('ix_planned_activity_urn_year')

    op.drop_table('planned_activity')
    with op.batch_alter_table('person_role', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_role_person_id'))

    op.drop_table('person_role')
    with op.batch_alter_table('category_assignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_category_assignment_urn'))

    op.drop_table('category_assignment')
    op.drop_table('caseload')
    with op.batch_alter_table('allocation_adjustment', schema=None) as batch_op:
        batch_op.drop_index('ix_allocation_adjustment_urn_year')

    op.drop_table('allocation_adjustment')
    op.drop_table('person')
    with op.batch_alter_table('establishment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_establishment_name'))

    op.drop_table('establishment')
