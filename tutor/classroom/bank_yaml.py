"""Items back to the question bank's YAML format (``corpus/questions/module-N.yaml``).

Written so that ``tutor.course.bank`` loads the file back to the same items: fields in the
model's order, defaults left out, ``origin`` dropped (whatever is in the bank is a bank item).
"""

from __future__ import annotations

from datetime import datetime

import yaml

from tutor.course.items import QuizItem


def item_to_bank_dict(item: QuizItem) -> dict[str, object]:
    data = item.model_dump(mode="json", exclude_defaults=True)
    data.pop("origin", None)
    # Keep the fields every bank entry has even when they equal the default.
    data.setdefault("difficulty", item.difficulty.value)
    order = list(QuizItem.model_fields)
    return {k: data[k] for k in order if k in data}


def items_to_yaml(items: list[QuizItem], *, generated_at: datetime | None = None) -> str:
    header = "# Exported by `tutor items export --format yaml`"
    if generated_at is not None:
        header += f" on {generated_at.date().isoformat()}"
    header += ".\n# Copy the entries into corpus/questions/module-N.yaml (the file of their module).\n\n"
    body = yaml.safe_dump(
        [item_to_bank_dict(i) for i in items], sort_keys=False, allow_unicode=True, width=100
    )
    return header + body
