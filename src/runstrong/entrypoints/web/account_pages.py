"""The pages of an account on a server with accounts: signing in and out, the password,
tokens for scripts, squads joined, a reset link's page, an invite's page, and removing
the account (after offering the export)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from runstrong.adapters.db.uow import SqlUnitOfWork
from runstrong.domain.accounts import Actor
from runstrong.domain.errors import InvalidInput
from runstrong.entrypoints.web.api import _now, _today, _uow
from runstrong.entrypoints.web.pages import page
from runstrong.entrypoints.web.security import SESSION_COOKIE

router = APIRouter(include_in_schema=False)
UnitOfWork = Annotated[SqlUnitOfWork, Depends(_uow)]
Text = Annotated[str, Form(max_length=400)]


def _actor(request: Request) -> Actor:
    actor: Actor = request.state.actor  # `access.guard` let only the signed-in through
    return actor


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _local(target: str) -> str:
    """Only a path of this site: a sign-in never sends anyone elsewhere."""
    return target if target.startswith("/") and not target.startswith("//") else "/"


def _sign_in_page(request: Request, status: int = 200, **context: Any) -> Response:
    response = page(request, "signin.html", "", **context)
    response.status_code = status
    return response


@router.get("/signin")
def sign_in_form(request: Request, next: str = "/") -> Response:
    return _sign_in_page(request, next=_local(next), typed="", message="")


@router.post("/signin")
def sign_in(
    request: Request, uow: UnitOfWork, username: Text, password: Text, next: Text = "/"
) -> Response:
    from runstrong.services import accounts

    target = _local(next)
    try:
        signed = accounts.sign_in(
            uow, request.app.state.hasher, username, password, _address(request), _now()
        )
    except accounts.TooManyAttempts as exc:
        return _sign_in_page(request, 429, next=target, typed=username, message=str(exc))
    except accounts.SignInRefused as exc:
        return _sign_in_page(request, 401, next=target, typed=username, message=str(exc))
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        signed.token,
        max_age=int((signed.expires - _now()).total_seconds()),
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response


@router.post("/signout")
def sign_out(request: Request, uow: UnitOfWork) -> Response:
    from runstrong.services import accounts

    if request.state.session:
        accounts.sign_out(uow, request.state.session)
    response = RedirectResponse("/signin", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def _account(request: Request, uow: SqlUnitOfWork, **context: Any) -> Response:
    from runstrong.services import accounts

    actor = _actor(request)
    with uow:
        joined = [] if actor.runner_id is None else uow.accounts.squads_joined(actor.runner_id)
    tokens = accounts.api_tokens(uow, actor)
    return page(
        request, "account.html", "/account", actor=actor, joined=joined, tokens=tokens,
        errors=context.pop("errors", {}), **context,
    )  # fmt: skip


@router.get("/account")
def account(request: Request, uow: UnitOfWork) -> Response:
    return _account(request, uow)


@router.post("/account/password")
def change_password(request: Request, uow: UnitOfWork, current: Text, new: Text) -> Response:
    from runstrong.services import accounts

    try:
        accounts.change_password(
            uow, request.app.state.hasher, _actor(request), current, new, _now(),
            request.state.session,
        )  # fmt: skip
    except InvalidInput as exc:
        field = "current" if exc.field == "current_password" else "new"
        response = _account(request, uow, errors={field: exc.problem})
        response.status_code = 422
        return response
    return _account(request, uow, said="Your password is changed; other devices are signed out.")


@router.post("/account/tokens")
def new_token(request: Request, uow: UnitOfWork, name: Text, scope: Text = "read") -> Response:
    from runstrong.services import accounts

    try:
        token, _stored = accounts.new_api_token(uow, _actor(request), name, scope, _now())
    except InvalidInput as exc:
        response = _account(request, uow, errors={"token": exc.problem})
        response.status_code = 422
        return response
    return _account(request, uow, new_token=token)


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(request: Request, uow: UnitOfWork, token_id: int) -> Response:
    from runstrong.services import accounts

    accounts.revoke_api_token(uow, _actor(request), token_id, _now())
    return RedirectResponse("/account", status_code=303)


@router.post("/account/squads/{squad_id}/leave")
def leave_squad(request: Request, uow: UnitOfWork, squad_id: int) -> Response:
    from runstrong.services import accounts

    accounts.leave(uow, _actor(request), squad_id)
    return RedirectResponse("/account", status_code=303)


@router.get("/account/delete")
def delete_form(request: Request) -> Response:
    return page(request, "account_delete.html", "/account", actor=_actor(request), error="")


@router.post("/account/delete")
def delete(request: Request, uow: UnitOfWork, confirm: Text) -> Response:
    from runstrong.services import accounts

    actor = _actor(request)
    if confirm.strip().lower() != actor.username:
        response = page(
            request, "account_delete.html", "/account", actor=actor,
            error=f"Type your username, {actor.username}, to remove the account.",
        )  # fmt: skip
        response.status_code = 422
        return response
    accounts.delete_account(uow, actor.user_id)
    gone = RedirectResponse("/signin", status_code=303)
    gone.delete_cookie(SESSION_COOKIE, path="/")
    return gone


@router.get("/reset/{token}")
def reset_form(request: Request, token: str) -> Response:
    return page(request, "reset.html", "", token=token, error="")


@router.post("/reset/{token}")
def reset(request: Request, uow: UnitOfWork, token: str, new: Text) -> Response:
    from runstrong.services import accounts

    try:
        accounts.reset_password(uow, request.app.state.hasher, token, new, _now())
    except (InvalidInput, accounts.LinkUnusable) as exc:
        said = exc.problem if isinstance(exc, InvalidInput) else str(exc)
        response = page(request, "reset.html", "", token=token, error=said)
        response.status_code = 422 if isinstance(exc, InvalidInput) else 404
        return response
    return RedirectResponse("/signin", status_code=303)


@router.get("/join/{token}")
def join_form(request: Request, uow: UnitOfWork, token: str) -> Response:
    from runstrong.services import accounts

    squad = accounts.invited_to(uow, token, _now())
    return page(request, "join.html", "", token=token, squad=squad, actor=_actor(request))


@router.post("/join/{token}")
def join(request: Request, uow: UnitOfWork, token: str) -> Response:
    from runstrong.services import accounts

    accounts.join(uow, _actor(request), token, _now())
    return RedirectResponse("/account", status_code=303)


@router.get("/account/export")
def export(request: Request, uow: UnitOfWork) -> Response:
    """Everything of the runner's, as the command line's `export all` writes it."""
    import orjson

    from runstrong.services import training

    document = training.export_all(uow)
    day = _today().isoformat()
    return Response(
        orjson.dumps(document, option=orjson.OPT_INDENT_2),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="runstrong-{day}.json"'},
    )
