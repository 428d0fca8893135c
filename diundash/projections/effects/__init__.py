"""What each event type does to the read model, one module per concern:
``updates`` (an image's receipts and what people did with them), ``hosts``,
``tags``, ``tokens`` and ``notifications``. Each declares ``EFFECTS``, its
event types' live SQL handler and fold side by side (``read_model.Effect``);
a new concern adds its module here."""

from diundash.projections.effects import hosts, notifications, tags, tokens, updates
from diundash.projections.read_model import Effect

EFFECTS: dict[type, Effect] = {
    **updates.EFFECTS,
    **hosts.EFFECTS,
    **tags.EFFECTS,
    **tokens.EFFECTS,
    **notifications.EFFECTS,
}
