"""Managers see messages that could not be sent, and can try them again."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from dpss.ui.decorators import permission_required

from . import selectors, services


@permission_required("accounts.view_dead_letters")
def dead_letter_list(request: HttpRequest) -> HttpResponse:
    context = {"dead_letters": selectors.dead_letter_list()[:100], "backlog": selectors.outbox_backlog()}
    return render(request, "notifications/dead_letter_list.html", context)


@require_POST
@permission_required("accounts.view_dead_letters")
def dead_letter_retry(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(selectors.dead_letter_list(), pk=pk)
    services.outbox_retry(message=message)
    messages.success(request, f"We will try to send the message to {message.to} again.")
    return redirect("notifications:dead_letter_list")
