"""`keepintouch draft`: the words for a suggestion, and a gentle tone check of your own.

The draft goes to standard output alone, so it can be piped to a clipboard
tool (`keepintouch draft ada | wl-copy`); what to know about it goes to
standard error. Nothing is ever sent.
"""

from __future__ import annotations

import click

from keepintouch.cli import main
from keepintouch.cli.context import Env, find_contact, pass_env
from keepintouch.cli.output import echo_json, say
from keepintouch.engine.drafting import DRAFT_KINDS, current_suggestion, draft_for, needs_no_answer
from keepintouch.engine.phrasebook import Phrasebook, PhrasebookError, load_phrasebook
from keepintouch.engine.tone import check
from keepintouch.store.config import templates_dir


def _phrasebook(env: Env) -> Phrasebook:
    try:
        return load_phrasebook(templates_dir(env.config_path))
    except PhrasebookError as error:
        raise click.ClickException(str(error)) from None


@main.command()
@click.argument("name", required=False)
@click.option("--kind", type=click.Choice(DRAFT_KINDS), help="A light touch instead of the suggested one.")
@click.option("--check", "text", metavar="TEXT", help="Check your own message's tone instead of drafting.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_env
def draft(env: Env, name: str | None, kind: str | None, text: str | None, as_json: bool) -> None:
    """A short draft for NAME's suggestion today, in their language.

    Without a suggestion today, a fitting light touch. With --check TEXT,
    hints on your own message instead (for NAME's touch, or --kind's).
    """
    if text is None and name is None:
        raise click.UsageError("say whom to draft for (NAME), or give --check TEXT")
    book = _phrasebook(env)
    made = None
    if name is not None:
        network = env.store.network()
        contact = find_contact(network, name)
        suggestion = current_suggestion(network, env.settings, env.today, contact)
        made = draft_for(
            network, contact, suggestion, book, today=env.today, default_language=env.settings.language, kind=kind
        )
    if text is not None:
        if not text.strip():
            raise click.UsageError("nothing to check: put your message after --check, in quotes")
        trigger, touch = (made.trigger, made.kind) if made else (None, kind or "")
        hints = check(text, book, no_answer=needs_no_answer(trigger, touch), light=touch in DRAFT_KINDS)
        if as_json:
            echo_json({"hints": hints})
        else:
            say("\n".join(f"· {hint}" for hint in hints) or "Reads kindly. Nothing to change.")
        return
    assert made is not None
    if as_json:
        echo_json(
            {
                "contact": made.contact.name,
                "kind": made.kind,
                "trigger": made.trigger,
                "language": made.language,
                "text": made.text,
                "hints": list(made.hints),
            }
        )
        return
    say(made.text)
    for hint in made.hints:
        say(f"· {hint}", err=True)
