"""output/datapackage.json: a Frictionless Tabular Data Package describing every table,
built from the same schema that drives validation, so the two cannot disagree."""

from __future__ import annotations

from .schema import DESCRIPTIONS, FOREIGN_KEYS, PRIMARY_KEYS, SPREADSHEET_NOTE, TABLES, Column


def datapackage(tables: list[str], version: str | None = None, with_run: bool = False) -> dict:
    """The package; `version` is the pipeline's, and run.json is named when one is written."""
    package = {
        "profile": "tabular-data-package",
        "name": "council-winter-plans",
        "title": "Councils' adult social care winter plans, matched to the national plan's required actions",
        "description": SPREADSHEET_NOTE,
        "resources": [resource(table) for table in tables],
    }
    if version:
        package["version"] = version
    if with_run:
        package["sources"] = [{"title": "The run that produced these tables: pipeline version, catalogue, "
                                        "settings, inputs with their sha256, warnings, corrections",
                               "path": "run.json"}]
    return package


def resource(table: str) -> dict:
    schema: dict = {"fields": [field(column) for column in TABLES[table]],
                    "primaryKey": list(PRIMARY_KEYS[table])}
    if FOREIGN_KEYS[table]:
        schema["foreignKeys"] = [{"fields": fk.field, "reference": {"resource": fk.table, "fields": fk.reference}}
                                 for fk in FOREIGN_KEYS[table]]
    return {
        "name": table, "path": f"{table}.csv", "profile": "tabular-data-resource", "format": "csv",
        "mediatype": "text/csv", "encoding": "utf-8", "description": DESCRIPTIONS[table],
        "dialect": {"delimiter": ",", "lineTerminator": "\n", "quoteChar": '"', "header": True},
        "schema": schema,
    }


def field(column: Column) -> dict:
    constraints: dict = {"required": column.required}
    if column.enum:
        constraints["enum"] = list(column.enum)
    if column.minimum is not None:
        constraints["minimum"] = column.minimum
    if column.maximum is not None:
        constraints["maximum"] = column.maximum
    found = {"name": column.name, "type": column.type, "description": column.description,
             "constraints": constraints}
    if column.type == "boolean":
        found["trueValues"], found["falseValues"] = ["true"], ["false"]
    return found
