"""Typing raw measurements into a worksheet card, the way a technician does."""


def fill_raw(card, raw: dict[str, str]) -> None:
    for name, value in raw.items():
        card.locator(f"input[name$='-raw-{name}']").fill(value.replace(".", ","))  # a decimal comma, as typed
