"""Support request views: the queue, opening, the detail page and its actions."""

from __future__ import annotations

from functools import partial

from flask import abort, flash, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy.orm.exc import StaleDataError

from kbb.auth.permissions import require
from kbb.core import export, files
from kbb.core.errors import error_response
from kbb.core.htmx import render, wants_fragment, with_message
from kbb.core.i18n import lazy_gettext as _l
from kbb.core.pagination import id_urls, paginate_ids, paginate_rows
from kbb.extensions import db
from kbb.members.services import municipality_choices, municipality_options
from kbb.tickets import bp, rules, services
from kbb.tickets.forms import CategoryForm, RateForm, ReplyForm, TicketForm, TriageForm
from kbb.tickets.models import (
    Category,
    Priority,
    Status,
    Ticket,
)
from kbb.tickets.services import Filters

staff_required = require(rules.can_work_tickets)
SORT_LABELS = {
    "-activity": _l("Son işlem (yeni önce)"),
    "-created": _l("Açılış (yeni önce)"),
    "created": _l("Açılış (eski önce)"),
    "due": _l("Son tarih (yakın önce)"),
    "-priority": _l("Öncelik (yüksek önce)"),
    "number": _l("Numara (yeni önce)"),
}


def _label_context() -> dict:
    """What every list row needs, made once per request: translated status and priority
    names, and the URL builders of the row's links."""
    status_names = {s: s.label for s in Status}
    return {
        "detail_url": id_urls("tickets.detail", "ticket_id"),
        "take_url": id_urls("tickets.assign_me", "ticket_id"),
        "status_names": status_names,
        "priority_names": {p: p.label for p in Priority},
        "status_tabs": [(s.value, name) for s, name in status_names.items()],
    }


def _user():
    return current_user._get_current_object()


@bp.get("/")
def index():
    """The request list: a member's municipality's requests, or the staff queue."""
    user = _user()
    # staff start from the open work; "Tümü" is status=all
    f = Filters.from_args(request.args, default_status="open" if user.is_staff else "")
    load = partial(services.load_rows, user, sort=f.sort)
    if f.q:  # one pass over the matches gives the counts and the ordered ids
        ids, counts = services.search(user, f)
        pagination = paginate_ids(ids, load)
    else:  # counts per status are also the list's total: no COUNT(*) of its own
        counts = services.status_counts(user, f)
        pagination = paginate_rows(
            services.list_ids(user, f), load, total=counts[f.status or "all"]
        )
    context = {
        "pagination": pagination,
        "rows": pagination.items,
        "f": f,
        "counts": counts,
        "staff_view": user.is_staff,
        "export_args": f.query_args(),
        **_label_context(),
        "today": services.local_today(),
        "statuses": list(Status),
        "priorities": list(Priority),
        "sorts": SORT_LABELS.items(),
    }
    if not wants_fragment():  # filter options are only needed for the whole page
        context["categories"] = services.category_options()
        if user.is_staff:
            context["staff"] = services.staff_options()
            context["municipalities"] = municipality_options()
    return render("tickets/list.html", block="results", **context)


EXPORT_HEADERS = (
    _l("Numara"),
    _l("Belediye"),
    _l("Talep türü"),
    _l("Konu"),
    _l("Durum"),
    _l("Öncelik"),
    _l("Atanan"),
    _l("Açılış"),
    _l("Son tarih"),
    _l("Çözüldü"),
    _l("Puan"),
)


@bp.get("/export.<fmt>")
def export_list(fmt: str):
    """The current list (same filters and scope) as CSV or Excel; no message texts."""
    if fmt not in ("csv", "xlsx"):
        abort(404)
    user = _user()
    f = Filters.from_args(request.args, default_status="open" if user.is_staff else "")
    tickets = db.session.scalars(services.list_query(user, f).limit(50_000))
    rows = (
        (
            t.number,
            t.municipality.name,
            t.category.name,
            t.subject,
            t.status.label,
            t.priority.label,
            t.assignee.full_name if t.assignee else "",
            t.opened_on,
            t.due_on,
            t.resolved_at,
            t.rating or "",
        )
        for t in tickets
    )
    slug = _("destek-talepleri")  # the file name, in the user's language
    name = f"{slug}-{services.local_today().isoformat()}.{fmt}"
    headers = [str(h) for h in EXPORT_HEADERS]
    if fmt == "csv":
        return export.csv_response(name, headers, rows)
    return export.xlsx_response(name, _("Destek talepleri"), headers, rows)


@bp.route("/new", methods=["GET", "POST"])
@require(rules.can_open_ticket)
def new():
    """Open a request (a member for their municipality; staff on a municipality's behalf)."""
    user = _user()
    municipalities = municipality_choices() if user.is_staff else None
    form = TicketForm(categories=services.active_categories(), municipalities=municipalities)
    if not user.is_staff:
        del form.priority
    if form.validate_on_submit():
        ticket = services.create_ticket(
            user,
            municipality_id=form.municipality_id.data if user.is_staff else user.municipality_id,
            category_id=form.category.data,
            subject=form.subject.data,
            body=form.body.data,
            uploads=form.uploads,
            priority=Priority(form.priority.data) if user.is_staff else Priority.NORMAL,
        )
        db.session.commit()
        flash(_("Talebiniz %(number)s numarasıyla alındı.", number=ticket.number), "success")
        return redirect(url_for("tickets.detail", ticket_id=ticket.id), 303)
    status = 422 if request.method == "POST" else 200
    return render("tickets/new.html", form=form, status=status)


def _detail_page(
    ticket: Ticket,
    *,
    reply_form=None,
    triage_form=None,
    rate_form=None,
    unsent_reply: str | None = None,
    status: int = 200,
    block: str | None = None,
):
    user = _user()
    if user.is_staff and triage_form is None:
        # the options to show (briefly cached); a submitted form is checked against the
        # database (triage() builds it from fresh lists, and the service checks again)
        triage_form = TriageForm(
            formdata=None,
            ticket=ticket,
            staff=services.staff_options(),
            categories=services.category_options(),
            data={
                "status": ticket.status.value,
                "priority": ticket.priority.value,
                "assignee_id": ticket.assignee_id,
                "due_on": ticket.due_on,
                "category_id": ticket.category_id,
                "version": ticket.version,
            },
        )
    response = render(
        "tickets/detail.html",
        block=block,
        status=status,
        ticket=ticket,
        events=services.timeline(ticket, user),
        reply_form=reply_form or ReplyForm(formdata=None, staff=user.is_staff),
        triage_form=triage_form,
        rate_form=rate_form or RateForm(formdata=None),
        action_form=FlaskForm(formdata=None),
        overdue=services.is_overdue(ticket),
        unsent_reply=unsent_reply,
        reopen_until=services.reopen_deadline(ticket),
        Status=Status,
    )
    if request.method == "POST":  # a form shown again after POST: the address stays the page's
        response.headers["HX-Push-Url"] = url_for("tickets.detail", ticket_id=ticket.id)
    return response


@bp.get("/<int:ticket_id>")
def detail(ticket_id: int):
    """A request with its timeline, and the forms the user may use."""
    return _detail_page(services.get_ticket_or_404(ticket_id, _user()))


@bp.post("/<int:ticket_id>/reply")
def reply(ticket_id: int):
    """A public reply, or an internal note (staff), with files."""
    user = _user()
    ticket = services.get_ticket_or_404(ticket_id, user)
    form = ReplyForm(staff=user.is_staff)
    if not rules.can_reply(user, ticket):  # closed or resolved meanwhile: keep the text
        db.session.rollback()
        if form.body.data:
            return _detail_page(ticket, unsent_reply=form.body.data, status=409)
        return _refuse(ticket, _("Bu talebe artık yanıt yazılamaz."))
    if form.validate_on_submit():
        internal = bool(user.is_staff and form.internal.data)
        new_status = Status(form.status.data) if user.is_staff and form.status.data else None
        try:
            services.add_reply(
                ticket,
                user,
                form.body.data,
                internal=internal,
                uploads=form.uploads,
                new_status=new_status,
            )
            db.session.commit()
        except services.TicketError as exc:
            db.session.rollback()
            form.body.errors = [*form.body.errors, str(exc)]
        except StaleDataError:
            db.session.rollback()
            return _conflict(ticket_id, reply_form=form)
        else:
            flash(_("İç not eklendi.") if internal else _("Yanıtınız eklendi."), "success")
            return redirect(url_for("tickets.detail", ticket_id=ticket.id) + "#timeline-end", 303)
    return _detail_page(ticket, reply_form=form, status=422)


def _refuse(ticket: Ticket, message: str):
    db.session.rollback()
    if wants_fragment():
        return error_response(409, message)
    flash(message, "error")
    return redirect(url_for("tickets.detail", ticket_id=ticket.id), 303)


def _conflict(ticket_id: int, **forms):
    """Someone changed the ticket meanwhile: show the current state, keep the user's input."""
    ticket = services.get_ticket_or_404(ticket_id, _user())
    if forms.get("triage_form") is not None:  # resubmitting now applies to the current version
        forms["triage_form"].version.data = str(ticket.version)
    flash(
        _(
            "Bu talep siz düzenlerken başka biri tarafından değiştirildi. Değişiklikleriniz "
            "kaydedilmedi; güncel hâli aşağıda, girdiğiniz değerler formda duruyor."
        ),
        "error",
    )
    return _detail_page(ticket, status=409, **forms)


@bp.post("/<int:ticket_id>/triage")
@staff_required
def triage(ticket_id: int):
    """Staff: status, priority, assignee, due date and type in one form (optimistic lock)."""
    user = _user()
    ticket = services.get_ticket_or_404(ticket_id, user)
    form = TriageForm(
        ticket=ticket, staff=services.staff_members(), categories=services.active_categories()
    )
    if not form.validate_on_submit():
        return _detail_page(ticket, triage_form=form, status=422)
    wanted = services.Triage(
        status=Status(form.status.data),
        priority=Priority(form.priority.data),
        assignee_id=form.assignee_id.data,
        due_on=form.due_on.data,
        category_id=form.category_id.data,
    )
    try:
        changes = services.triage(ticket, user, int(form.version.data), wanted)
        db.session.commit()
    except services.Conflict:
        db.session.rollback()
        return _conflict(ticket_id, triage_form=form)
    except StaleDataError:
        db.session.rollback()
        return _conflict(ticket_id, triage_form=form)
    except services.TicketError as exc:
        db.session.rollback()
        form.status.errors = [*form.status.errors, str(exc)]
        return _detail_page(ticket, triage_form=form, status=422)
    flash(_("Talep güncellendi.") if changes else _("Değişiklik yok."), "success")
    return redirect(url_for("tickets.detail", ticket_id=ticket.id), 303)


@bp.post("/<int:ticket_id>/assign-me")
@staff_required
def assign_me(ticket_id: int):
    """Staff: take a request (inline in the queue with htmx)."""
    user = _user()
    ticket = services.get_ticket_or_404(ticket_id, user)
    if not FlaskForm().validate_on_submit():
        abort(400)
    if ticket.assignee_id and ticket.assignee_id != user.id:  # never take it silently
        return _refuse(
            ticket, _("Bu talebi az önce %(name)s üstlendi.", name=ticket.assignee.full_name)
        )
    if not ticket.status.is_open:
        return _refuse(ticket, _("Kapanmış ya da çözülmüş talepler üstlenilemez."))
    try:
        services.assign(ticket, user, user.id)
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        return _refuse(ticket, _("Talep bu arada değişti; listeyi yenileyin."))
    if wants_fragment():  # the row at once; the list refreshes itself (counts, views)
        response = render(
            "tickets/list.html",
            block="ticket_rows",
            rows=services.load_rows(user, [ticket.id]),
            today=services.local_today(),
            staff_view=True,
            **_label_context(),
        )
        response.headers["HX-Trigger"] = "tickets-changed"
        return with_message(response, _("Talep size atandı."))
    flash(_("Talep size atandı."), "success")
    return redirect(url_for("tickets.detail", ticket_id=ticket.id), 303)


def _simple_action(ticket_id: int, action, message: str):
    user = _user()
    ticket = services.get_ticket_or_404(ticket_id, user)
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        action(ticket, user)
        db.session.commit()
    except services.TicketError as exc:
        return _refuse(ticket, str(exc))
    except StaleDataError:
        return _refuse(ticket, _("Talep bu arada değişti; sayfayı yenileyin."))
    flash(message, "success")
    return redirect(url_for("tickets.detail", ticket_id=ticket.id), 303)


@bp.post("/<int:ticket_id>/close")
def close(ticket_id: int):
    """Close a request (the municipality or staff)."""
    return _simple_action(ticket_id, services.close, _("Talep kapatıldı."))


@bp.post("/<int:ticket_id>/reopen")
def reopen(ticket_id: int):
    """Reopen a resolved request (the municipality within 30 days)."""
    return _simple_action(ticket_id, services.reopen, _("Talep yeniden açıldı."))


@bp.post("/<int:ticket_id>/rate")
def rate(ticket_id: int):
    """The municipality rates the answer (1-5 and a comment)."""
    user = _user()
    ticket = services.get_ticket_or_404(ticket_id, user)
    form = RateForm()
    if not form.validate_on_submit():
        return _detail_page(ticket, rate_form=form, status=422)
    try:
        services.rate(ticket, user, int(form.rating.data), form.comment.data or "")
        db.session.commit()
    except services.TicketError as exc:
        return _refuse(ticket, str(exc))
    flash(_("Değerlendirmeniz için teşekkürler."), "success")
    return redirect(url_for("tickets.detail", ticket_id=ticket.id), 303)


@bp.get("/<int:ticket_id>/files/<int:attachment_id>")
def download(ticket_id: int, attachment_id: int):
    """A file of a request, only within the request's scope; always as a download."""
    user = _user()
    ticket = services.get_ticket_or_404(ticket_id, user)
    attachment = services.attachment_or_404(ticket, attachment_id, user)
    try:
        path = files.path_of(attachment.stored_name)
        response = send_file(
            path,
            mimetype=attachment.content_type,
            as_attachment=True,
            download_name=attachment.original_name,
            max_age=0,
        )
    except FileNotFoundError:
        abort(404)
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response


# ---------------------------------------------------------------- categories (staff)


@bp.route("/categories/", methods=["GET", "POST"])
@staff_required
def categories():
    """Request types: list and add."""
    form = CategoryForm()
    if form.validate_on_submit():
        if db.session.scalar(db.select(Category.id).where(Category.name == form.name.data)):
            form.name.errors = [_("Bu adla bir talep türü zaten var.")]
        else:
            category = Category(
                name=form.name.data,
                description=form.description.data or "",
                active=form.active.data,
            )
            db.session.add(category)
            db.session.flush()
            from kbb.core import audit

            audit.record("ticket_category.create", category, {"name": [None, category.name]})
            db.session.commit()
            flash(_("Talep türü eklendi."), "success")
            return redirect(url_for("tickets.categories"), 303)
    items = db.session.scalars(db.select(Category).order_by(Category.name)).all()
    status = 422 if request.method == "POST" else 200
    return render("tickets/categories.html", form=form, items=items, status=status)


@bp.route("/categories/<int:category_id>", methods=["GET", "POST"])
@staff_required
def category_edit(category_id: int):
    """Rename, describe or (de)activate a request type; types in use are never deleted."""
    from kbb.core import audit

    category = db.session.get(Category, category_id) or abort(404)
    form = CategoryForm(obj=category)
    if form.validate_on_submit():
        clash = db.session.scalar(
            db.select(Category.id).where(
                Category.name == form.name.data, Category.id != category.id
            )
        )
        if clash:
            form.name.errors = [_("Bu adla bir talep türü zaten var.")]
        else:
            fields = ("name", "description", "active")
            before = audit.snapshot(category, fields)
            form.populate_obj(category)
            changes = audit.diff(category, before, fields)
            if changes:
                audit.record("ticket_category.update", category, changes)
            db.session.commit()
            flash(_("Talep türü güncellendi."), "success")
            return redirect(url_for("tickets.categories"), 303)
    status = 422 if request.method == "POST" else 200
    return render("tickets/category_form.html", form=form, category=category, status=status)


# ---------------------------------------------------------------- template helpers


@bp.app_template_global()
def status_label(value: str) -> str:
    return Status(value).label if value in Status._value2member_map_ else value


@bp.app_template_global()
def priority_label(value: str) -> str:
    return Priority(value).label if value in Priority._value2member_map_ else value


@bp.app_template_global()
def iso_date(value: str) -> str:
    from datetime import date

    from kbb.core.i18n import date_filter

    try:
        return date_filter(date.fromisoformat(value))
    except ValueError:
        return ""
