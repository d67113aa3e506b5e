"""Routes of /api/v1/logs (being built)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/logs", tags=["logs"])
