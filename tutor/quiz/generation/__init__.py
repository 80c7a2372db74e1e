"""Offline quiz item generation: the engine (``engine``) and the item makers it runs
(``service_makers``, ``table_makers``), sharing ``base``."""

from tutor.quiz.generation.engine import (
    MAKERS,
    Generated,
    candidates,
    generate_for_module,
    generate_items,
    module_chunks,
    objective_resolver,
)

__all__ = [
    "MAKERS",
    "Generated",
    "candidates",
    "generate_for_module",
    "generate_items",
    "module_chunks",
    "objective_resolver",
]
