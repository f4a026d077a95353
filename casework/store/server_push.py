"""Changes pushed by the office server: a NOTIFY for every audited write, once it commits.

Every write appends audit events (services/context.py), so one trigger on `audit_events` tells
every listening app what changed, whoever wrote it and through whichever service. The payload
carries codes and ids only, never case data: `action|entity|entity_id|actor_id` (e.g.
`referral.sent|referral|42|7`). PostgreSQL delivers a NOTIFY only when its transaction commits,
and to every session that LISTENs on the channel; row-level security still decides what each
user can read when their page reloads. A vault has nothing to push (one laptop): no trigger.
Nothing here imports Qt.
"""

from __future__ import annotations

from dataclasses import dataclass

CHANNEL = "casework_changes"

PUSH_V1 = [
    f"""CREATE FUNCTION casework_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('{CHANNEL}', concat_ws('|', NEW.action, NEW.entity,
                coalesce(NEW.entity_id::text, ''), coalesce(NEW.actor_id::text, '')));
            RETURN NULL;
        END $$""",
    "CREATE TRIGGER audit_events_notify AFTER INSERT ON audit_events FOR EACH ROW "
    "EXECUTE FUNCTION casework_notify_change()",
]
PUSH_V1_DOWN = [
    "DROP TRIGGER IF EXISTS audit_events_notify ON audit_events",
    "DROP FUNCTION IF EXISTS casework_notify_change()",
]


@dataclass(frozen=True)
class PushedChange:
    action: str
    entity: str
    entity_id: int | None
    actor_id: int | None

    def as_event(self) -> dict[str, object]:
        """In the shape `services.context.changed_kinds` reads."""
        return {"action": self.action, "entity": self.entity, "entity_id": self.entity_id}


def parse(payload: str) -> PushedChange | None:
    """A NOTIFY payload, or None when it is not one of ours."""
    parts = payload.split("|")
    if len(parts) != 4 or not parts[0]:
        return None

    def number(text: str) -> int | None:
        return int(text) if text.isdigit() else None

    return PushedChange(parts[0], parts[1], number(parts[2]), number(parts[3]))
