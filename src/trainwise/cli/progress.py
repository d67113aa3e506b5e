"""`trainwise progress next`: the progression engine on one exercise (rubric P1-P13)."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from trainwise.cli.common import (
    DbOption,
    JsonOption,
    catalog_for,
    console,
    fail,
    handle_errors,
    print_json,
    read_text,
)
from trainwise.domain.progression import ProgressionInputError, progress_from_json
from trainwise.services import catalog as catalog_svc

app = typer.Typer(help="Work out the next prescription from what you logged (progression engine).",
                  no_args_is_help=True)

InputOpt = Annotated[str, typer.Option(
    "--input", "-i", metavar="FILE", show_default=False,
    help="JSON with profile, prescription, logs and today ('-' for standard input); see examples/progress/.")]


def _parse(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise fail(f"{where}: not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None


@app.command("next")
@handle_errors
def next_(input_file: InputOpt, as_json: JsonOption = False, db: DbOption = None) -> None:
    """The next prescription of one exercise: status, referral, next session, reasons, week adjustments."""
    where = "standard input" if input_file == "-" else input_file
    data = _parse(read_text(input_file), where)
    catalog = catalog_for(db)
    try:
        result = progress_from_json(data, catalog.find, suggest=lambda text: catalog_svc.suggest(catalog, text))
    except ProgressionInputError as exc:
        raise fail(f"{where}: {exc}") from None
    finally:
        catalog.engine.dispose()
    if as_json:
        print_json(result)
        return
    render(result)


def render(result: dict[str, Any]) -> None:
    """A short human summary: status, referral, the next session, the reasons."""
    status = result["status"]
    colour = "red" if status == "suspended" else "green"
    console.print(f"Status: [bold {colour}]{status}[/bold {colour}]")
    referral = result["referral"]
    if referral["required"]:
        console.print(f"[bold red]See a clinician ({escape(str(referral['urgency']))}):[/bold red] "
                      f"{escape(str(referral['message']))}")
    nxt = result["next"]
    if nxt["sets"] == 0:
        console.print(f"Next: no sessions of {escape(nxt['exercise'])} for now.")
    else:
        load = f"{nxt['load_kg']:g} kg" if nxt["load_kg"] is not None else "body weight"
        extra = "".join(f", {label} {escape(str(nxt[key]))}" for key, label in (("tempo", "tempo"),)
                        if nxt.get(key))
        if nxt.get("range_of_motion") == "reduced":
            extra += ", reduced range of motion"
        console.print(f"Next: [bold]{escape(nxt['exercise'])}[/bold] {nxt['sets']} x "
                      f"{nxt['reps']['min']}-{nxt['reps']['max']} at {load}, {nxt['rir']} reps in reserve{extra}")
    table = Table("reason", "why", show_header=True, header_style="bold")
    for reason in result["reasons"]:
        table.add_row(reason["code"], escape(reason["detail"]))
    console.print(table)
    week = result["week_adjustments"]
    if week["deload"] or week["ramp"]:
        console.print(f"This week: sets x {week['volume_factor']:g}"
                      + (f", {week['rir_add']} more reps in reserve" if week["rir_add"] else "")
                      + (f", return ramp week {week['ramp_week']} of {len(week['ramp'])}" if week["ramp"] else ""))
