"""e-mail addresses: a user's own and a unit's contact address, where reminders go

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=320), nullable=True))
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=320), nullable=True))


def downgrade() -> None:
    # SQLite (3.35+) drops a column in place; recreating ``units`` would trip the foreign keys pointing at it
    with op.batch_alter_table('users', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('email')
    with op.batch_alter_table('units', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('email')
