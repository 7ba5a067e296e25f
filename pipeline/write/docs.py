"""The table dictionary as markdown, from the schema: `python -m pipeline.write.docs`
prints it, and the README carries it between the `tables` markers (a test keeps them equal)."""

from __future__ import annotations

from .schema import DESCRIPTIONS, FOREIGN_KEYS, PRIMARY_KEYS, TABLES


def tables_markdown() -> str:
    parts = []
    for table, columns in TABLES.items():
        parts.append(f"### `{table}`\n\n{DESCRIPTIONS[table]} Key: {', '.join(PRIMARY_KEYS[table])}.\n")
        parts.append("| column | type | meaning |\n|---|---|---|")
        references = {fk.field: f" References `{fk.table}.{fk.reference}`." for fk in FOREIGN_KEYS[table]}
        for c in columns:
            allowed = f" One of: {', '.join(c.enum)}." if c.enum else ""
            kind = c.type if c.required else f"{c.type}, optional"
            parts.append(f"| `{c.name}` | {kind} | {c.description}{allowed}{references.get(c.name, '')} |")
        parts.append("")
    return "\n".join(parts)


if __name__ == "__main__":
    print(tables_markdown())
