"""What the Letters screen says when a letter cannot be written yet, and where to go."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ui.models.letters import LetterChoices

NO_CLIENTS = ("Letters need a client with a release — add your first client, then record "
              "their release of information to the provider the letter goes to.")
NO_PROVIDERS = ("Letters need a provider to write to — add the client's doctor or clinic "
                "under Providers, then record the client's release of information to them.")
NO_WRITER = ("Letters need your name and your practice's name — every letter is signed with "
             "your name and headed with the practice's. They live in Settings → Practice "
             "details.")


def letters_need(choices: LetterChoices) -> tuple[str, str, str] | None:
    """What letters still need before one can be written, if anything.

    Args:
        choices: What the Letters screen read.

    Returns:
        (the sentence, the button's words, the sidebar section it goes to), or None.
    """
    if not choices.clients:
        return NO_CLIENTS, "Go to Clients", "Clients"
    if not choices.providers:
        return NO_PROVIDERS, "Go to Providers", "Providers"
    if not choices.writer_ready:
        return NO_WRITER, "Open Settings → Practice details", "Settings"
    return None
