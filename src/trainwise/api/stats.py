"""Routes of /api/v1/stats (being built)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/stats", tags=["stats"])
