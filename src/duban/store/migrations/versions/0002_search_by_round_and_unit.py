"""search rows by round and unit: the importer's per-round lookup and search's unit filter use them

Revision ID: 0002
Revises: 0001
"""
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('search_docs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_docs_round_id'), ['round_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_search_docs_unit_id'), ['unit_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('search_docs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_docs_unit_id'))
        batch_op.drop_index(batch_op.f('ix_search_docs_round_id'))
