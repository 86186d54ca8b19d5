"""unit contacts (name, phone) and report attachments (佐证材料, files kept by content hash)

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_name', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('contact_phone', sa.String(length=50), nullable=True))
    op.create_table(
        'report_attachments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('task_id', sa.Integer(), nullable=False),
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('file_name', sa.String(length=300), nullable=False),
        sa.Column('media_type', sa.String(length=100), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('uploaded_by', sa.String(length=100), nullable=False),
        sa.Column('removed', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_report_attachments_round_id_rounds')),
        sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_report_attachments_task_id_tasks')),
        sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_report_attachments_unit_id_units')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_report_attachments')),
    )
    op.create_index('ix_report_attachments_report', 'report_attachments', ['task_id', 'round_id', 'unit_id'])


def downgrade() -> None:
    op.drop_index('ix_report_attachments_report', table_name='report_attachments')
    op.drop_table('report_attachments')
    with op.batch_alter_table('units', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('contact_phone')
        batch_op.drop_column('contact_name')
