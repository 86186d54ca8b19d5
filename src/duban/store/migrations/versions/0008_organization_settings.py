"""organization settings: full name, issuing office and addressees printed on tables and notices

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('organizations') as batch:
        batch.add_column(sa.Column('full_name', sa.String(length=200), nullable=True))
        batch.add_column(sa.Column('issuing_office', sa.String(length=200), nullable=True))
        batch.add_column(sa.Column('addressees', sa.Text(), nullable=True))


def downgrade() -> None:
    # SQLite (3.35+) drops a column in place; recreating the table would trip the foreign keys pointing at it
    with op.batch_alter_table('organizations', recreate='never') as batch:
        batch.drop_column('addressees')
        batch.drop_column('issuing_office')
        batch.drop_column('full_name')
