"""report sections: 存在问题, 下步计划 and 完成% beside the progress items, carried by every later version

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('progress_reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sections', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('progress_reports', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('sections')
