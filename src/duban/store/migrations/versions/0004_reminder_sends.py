"""reminder claims: one row per (round, unit, day), inserted before a 催办 is sent, so two runs never both send

Revision ID: 0004
Revises: 0003

Reminders sent before this revision were known only from the audit trail
(``remind`` events on a unit, round and day in ``after``); they are copied in, so
a unit chased earlier today is not chased again right after the upgrade.
"""
from datetime import date, datetime

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    sends = op.create_table(
        'reminder_sends',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('channels', sa.JSON(), nullable=True),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('actor', sa.String(length=100), nullable=False),
        sa.Column('claimed_at', sa.DateTime(), nullable=False),
        sa.Column('finished_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_reminder_sends_round_id_rounds')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder_sends')),
        sa.UniqueConstraint('round_id', 'unit_id', 'day', name=op.f('uq_reminder_sends_round_id_unit_id_day')),
    )
    op.create_index(op.f('ix_reminder_sends_day'), 'reminder_sends', ['day'], unique=False)
    copy_audited_reminders(sends)


def copy_audited_reminders(sends: sa.Table) -> None:
    events = sa.table('audit_events', sa.column('actor', sa.String), sa.column('action', sa.String),
                      sa.column('entity', sa.String), sa.column('entity_id', sa.Integer),
                      sa.column('after', sa.JSON), sa.column('at', sa.DateTime))
    bind = op.get_bind()
    rounds = set(bind.execute(sa.text('SELECT id FROM rounds')).scalars())
    rows = {}
    for actor, unit_id, after, at in bind.execute(
            sa.select(events.c.actor, events.c.entity_id, events.c.after, events.c.at)
            .where(events.c.action == 'remind', events.c.entity == 'unit').order_by(events.c.at)):
        after = after or {}
        try:
            key = (int(after['round_id']), int(unit_id), date.fromisoformat(after['day']))
        except (KeyError, TypeError, ValueError):
            continue
        if key[0] not in rounds:
            continue
        channels = after.get('channels') or {}
        delivered = {c: True for c, ok in channels.items() if ok}
        earlier = rows.get(key)
        attempts = 1 if earlier is None else earlier['attempts'] + 1
        delivered = {**(earlier['channels'] if earlier else {}), **delivered}
        rows[key] = {'round_id': key[0], 'unit_id': key[1], 'day': key[2], 'actor': actor or 'remind',
                     'state': 'failed' if any(not ok for ok in channels.values()) else 'sent',
                     'channels': delivered, 'attempts': attempts, 'claimed_at': at or datetime(1970, 1, 1),
                     'finished_at': at}
    if rows:
        op.bulk_insert(sends, list(rows.values()))


def downgrade() -> None:
    op.drop_index(op.f('ix_reminder_sends_day'), table_name='reminder_sends')
    op.drop_table('reminder_sends')
