"""Layout strategies: each module registers readers with ``duban.parse.engine.strategy``.

A strategy is a pure function of the block stream; its tunable numbers sit in its
``settings`` dict, the one place to change them. See ``engine.py`` for how to add one.
"""
