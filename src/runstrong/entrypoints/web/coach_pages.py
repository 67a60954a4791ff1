"""A coach's pages on a server with accounts: their squads, each squad's board, invites,
other coaches, and notes on a runner's sessions. A runner's own pages open for their
coach under /runners/{id}/ (`app._for_runners`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from runstrong.adapters.db.uow import SqlUnitOfWork
from runstrong.domain.accounts import Actor
from runstrong.domain.errors import InvalidInput
from runstrong.entrypoints.web.api import _now, _today, _uow
from runstrong.entrypoints.web.pages import page

router = APIRouter(include_in_schema=False)
UnitOfWork = Annotated[SqlUnitOfWork, Depends(_uow)]
Text = Annotated[str, Form(max_length=2000)]


def _actor(request: Request) -> Actor:
    actor: Actor = request.state.actor
    return actor


@router.get("/coach")
def squads(request: Request, uow: UnitOfWork, error: str = "") -> Response:
    with uow:
        coached = uow.accounts.squads_coached(_actor(request).user_id)
    return page(request, "coach.html", "/coach", squads=coached, error=error)


@router.post("/coach/squads")
def new_squad(request: Request, uow: UnitOfWork, name: Text) -> Response:
    from runstrong.services import accounts

    try:
        squad = accounts.create_squad(uow, _actor(request), name, _now())
    except InvalidInput as exc:
        with uow:
            coached = uow.accounts.squads_coached(_actor(request).user_id)
        response = page(request, "coach.html", "/coach", squads=coached, error=exc.problem)
        response.status_code = 422
        return response
    return RedirectResponse(f"/coach/squads/{squad}", status_code=303)


def _board(request: Request, uow: SqlUnitOfWork, squad_id: int, **context: object) -> Response:
    from runstrong.services import squads as service

    found = service.board(uow, _actor(request), squad_id, _today())
    return page(request, "squad.html", "/coach", board=found, today=_today(), **context)


@router.get("/coach/squads/{squad_id}")
def squad(request: Request, uow: UnitOfWork, squad_id: int) -> Response:
    return _board(request, uow, squad_id)


@router.post("/coach/squads/{squad_id}/invites")
def new_invite(request: Request, uow: UnitOfWork, squad_id: int) -> Response:
    from runstrong.services import accounts

    token, expires = accounts.invite(uow, _actor(request), squad_id, _now())
    link = f"{str(request.base_url).rstrip('/')}/join/{token}"
    return _board(request, uow, squad_id, invite=link, invite_until=expires)


@router.post("/coach/squads/{squad_id}/coaches")
def add_coach(request: Request, uow: UnitOfWork, squad_id: int, coach: Text) -> Response:
    from runstrong.services import accounts

    try:
        accounts.add_coach(uow, _actor(request), squad_id, coach)
    except InvalidInput as exc:
        response = _board(request, uow, squad_id, coach_error=exc.problem)
        response.status_code = 422
        return response
    return _board(request, uow, squad_id, said=f"{coach.strip()} coaches this squad too.")


@router.post("/runners/{runner_id}/sessions/{session_id}/notes")
def note(
    request: Request, uow: UnitOfWork, runner_id: int, session_id: str, text: Text
) -> Response:
    from runstrong.services import accounts

    accounts.note_session(uow, _actor(request), runner_id, session_id, text, _now())
    return RedirectResponse(f"/runners/{runner_id}/history", status_code=303)
