"""Users. Until accounts exist (issue 6) everything belongs to the local default user."""

from __future__ import annotations

from sqlalchemy import Engine, insert, select

from trainwise.storage.tables import UserRow


def local_user_id(engine: Engine) -> int:
    """The id of the local default user (made by migration 0001; recreated if it was deleted)."""
    query = select(UserRow.id).where(UserRow.is_local_default.is_(True)).order_by(UserRow.id).limit(1)
    with engine.begin() as conn:
        found = conn.execute(query).scalar_one_or_none()
        if found is not None:
            return int(found)
        new_id = conn.execute(
            insert(UserRow).values(email=None, display_name="Local user", is_local_default=True)
            .returning(UserRow.id)
        ).scalar_one()
        return int(new_id)
