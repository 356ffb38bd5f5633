"""Member directory: list, detail, edit, membership, people, export, privacy notice."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from kbb.auth.permissions import require
from kbb.core.htmx import render, wants_fragment
from kbb.core.pagination import paginate
from kbb.core.security import public
from kbb.core.text import strip_controls
from kbb.extensions import db
from kbb.members import bp, export, services
from kbb.members.forms import (
    ContactDetailsForm,
    ContactPersonForm,
    MembershipForm,
    MunicipalityForm,
    NewMunicipalityForm,
    PersonForm,
)
from kbb.members.models import (
    KIND_LABELS,
    STATUS_LABELS,
    EventKind,
    MembershipStatus,
    Municipality,
    MunicipalityKind,
    Person,
)
from kbb.members.permissions import (
    can_edit_contacts,
    can_edit_municipality,
    can_edit_person,
    can_manage_members,
    can_see_municipality_users,
)


def get_municipality_or_404(municipality_id: int, *options) -> Municipality:
    """A municipality by id (the directory is readable by every signed-in user)."""
    municipality = db.session.scalar(
        db.select(Municipality).where(Municipality.id == municipality_id).options(*options)
    )
    if municipality is None:
        abort(404)
    return municipality


def get_person_or_404(person_id: int) -> Person:
    """A person by id, with their municipality (whether they may be changed is asked next)."""
    person = db.session.scalar(
        db.select(Person).where(Person.id == person_id).options(db.joinedload(Person.municipality))
    )
    if person is None:
        abort(404)
    return person


def _allow(rule, *args) -> None:
    """403 unless ``rule(current_user, *args)`` holds (the rule templates use, too)."""
    if not rule(current_user, *args):
        abort(403)


def _filters() -> dict[str, str]:
    """The list's filters from the query string; junk values mean "all"."""
    kind = request.args.get("kind", "")
    status = request.args.get("status", "")
    return {
        "q": strip_controls(request.args.get("q", "")).strip()[:100],
        "kind": kind if kind in {k.value for k in MunicipalityKind} else "",
        "province": strip_controls(request.args.get("province", "")).strip()[:60],
        "status": status if status in {s.value for s in MembershipStatus} else "",
    }


def _status(default: int = 200) -> int:
    return 422 if request.method == "POST" else default


# Directory ----------------------------------------------------------------------------------


@bp.get("/")
def index():
    """The member municipalities: live search, filters, Turkish order, pages."""
    filters = _filters()
    pagination = paginate(services.municipality_query(**filters))
    return render(
        "members/index.html",
        block="results",
        pagination=pagination,
        filters=filters,
        export_args={k: v for k, v in filters.items() if v},
        kinds=KIND_LABELS,
        statuses=STATUS_LABELS,
        provinces=[] if wants_fragment() else services.province_choices(),
    )


@bp.get("/export.<any(csv, xlsx):fmt>")
@require(can_manage_members)
def export_directory(fmt: str):
    """The directory as it is filtered on the list page, as CSV or Excel."""
    municipalities = db.session.scalars(services.municipality_query(**_filters())).all()
    return export.download(fmt, municipalities)


@bp.get("/privacy")
@public
def privacy():
    """The privacy notice (aydınlatma metni) for the people kept in the directory."""
    return render("members/privacy.html")


@bp.get("/<int:municipality_id>")
def detail(municipality_id: int):
    """A municipality: details, membership history, people; staff see its user accounts."""
    municipality = get_municipality_or_404(
        municipality_id, db.selectinload(Municipality.events), db.selectinload(Municipality.people)
    )
    return render(
        "members/detail.html",
        m=municipality,
        # people no longer in office are shown to those who keep the list, not to everyone
        groups=municipality.people_by_role(
            include_inactive=can_edit_contacts(current_user, municipality)
        ),
        show_users=can_see_municipality_users(current_user, municipality),
        can_end=services.can_end_membership(municipality),
        can_join=services.can_record_joining(municipality),
        can_delete=can_manage_members(current_user) and not services.has_history(municipality),
    )


# Municipalities -----------------------------------------------------------------------------


@bp.route("/new", methods=["GET", "POST"])
@require(can_manage_members)
def new():
    """Add a member municipality."""
    form = NewMunicipalityForm()
    if form.validate_on_submit():
        municipality = services.create_municipality(form, current_user)
        db.session.commit()
        flash(_("%(name)s eklendi.", name=municipality.name), "success")
        return redirect(url_for("members.detail", municipality_id=municipality.id), 303)
    return render("members/form.html", form=form, m=None, status=_status())


@bp.route("/<int:municipality_id>/edit", methods=["GET", "POST"])
def edit(municipality_id: int):
    """Staff edit every field; a member user only their own municipality's contact details."""
    municipality = get_municipality_or_404(municipality_id)
    _allow(can_edit_municipality, municipality)
    if can_manage_members(current_user):
        form = MunicipalityForm(obj=municipality, editing=municipality)
    else:
        form = ContactDetailsForm(obj=municipality)
    if form.validate_on_submit():
        changes = services.update_municipality(municipality, form, current_user)
        db.session.commit()
        flash(_("Bilgiler güncellendi.") if changes else _("Değişiklik yok."), "success")
        return redirect(url_for("members.detail", municipality_id=municipality.id), 303)
    return render("members/form.html", form=form, m=municipality, status=_status())


@bp.post("/<int:municipality_id>/delete")
@require(can_manage_members)
def delete(municipality_id: int):
    """Delete a record entered by mistake (only without any history)."""
    municipality = get_municipality_or_404(municipality_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    name = municipality.name
    try:
        services.delete_municipality(municipality, current_user)
    except services.RuleError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("members.detail", municipality_id=municipality_id), 303)
    db.session.commit()
    flash(_("%(name)s silindi.", name=name), "success")
    return redirect(url_for("members.index"), 303)


# Membership ---------------------------------------------------------------------------------


def _membership(municipality_id: int, kind: EventKind):
    """The form that records a joining or a leaving (one flow for both)."""
    municipality = get_municipality_or_404(municipality_id, db.selectinload(Municipality.events))
    allowed = (
        services.can_end_membership(municipality)
        if kind == EventKind.LEFT
        else services.can_record_joining(municipality)
    )
    back = url_for("members.detail", municipality_id=municipality.id)
    if not allowed:
        flash(
            _("Bu belediyenin üyeliği zaten sona ermiş.")
            if kind == EventKind.LEFT
            else _("Bu belediye zaten üye; katılışı kayıtlı."),
            "error",
        )
        return redirect(back, 303)
    form = MembershipForm(municipality=municipality, kind=kind)
    if form.validate_on_submit():
        action = services.end_membership if kind == EventKind.LEFT else services.record_joining
        try:
            action(
                municipality,
                form.effective_on.data,
                form.decision_ref.data,
                form.note.data,
                current_user,
            )
        except services.RuleError as exc:
            db.session.rollback()
            form.effective_on.errors = [*form.effective_on.errors, str(exc)]
        else:
            db.session.commit()
            flash(
                _("%(name)s: üyeliğin sona erdiği kaydedildi.", name=municipality.name)
                if kind == EventKind.LEFT
                else _("%(name)s: üyeliğe katılış kaydedildi.", name=municipality.name),
                "success",
            )
            return redirect(back, 303)
    return render(
        "members/membership_form.html",
        form=form,
        m=municipality,
        leaving=kind == EventKind.LEFT,
        status=_status(),
    )


@bp.route("/<int:municipality_id>/end", methods=["GET", "POST"])
@require(can_manage_members)
def end_membership(municipality_id: int):
    """End a membership: a "left" event with its date and decision (the record stays)."""
    return _membership(municipality_id, EventKind.LEFT)


@bp.route("/<int:municipality_id>/join", methods=["GET", "POST"])
@require(can_manage_members)
def record_joining(municipality_id: int):
    """Record a joining: a rejoining after leaving, or an older record's joining date."""
    return _membership(municipality_id, EventKind.JOINED)


# People -------------------------------------------------------------------------------------


def _person_form(municipality: Municipality, person: Person | None = None):
    """Staff get the role field; a member user's form adds and edits contact persons only."""
    form_class = PersonForm if can_manage_members(current_user) else ContactPersonForm
    return form_class(obj=person, municipality=municipality, editing=person)


@bp.route("/<int:municipality_id>/people/new", methods=["GET", "POST"])
def person_new(municipality_id: int):
    """Add a person (a member user: a contact person of their own municipality)."""
    municipality = get_municipality_or_404(municipality_id)
    _allow(can_edit_contacts, municipality)
    form = _person_form(municipality)
    if form.validate_on_submit():
        person = services.add_person(municipality, form, current_user)
        db.session.commit()
        flash(_("%(name)s eklendi.", name=person.full_name), "success")
        return redirect(url_for("members.detail", municipality_id=municipality.id), 303)
    return render(
        "members/person_form.html", form=form, m=municipality, person=None, status=_status()
    )


@bp.route("/people/<int:person_id>/edit", methods=["GET", "POST"])
def person_edit(person_id: int):
    """Edit a person's title and work contact details."""
    person = get_person_or_404(person_id)
    _allow(can_edit_person, person)
    municipality = person.municipality
    form = _person_form(municipality, person)
    if form.validate_on_submit():
        changes = services.update_person(person, form, current_user)
        db.session.commit()
        flash(_("Kişi güncellendi.") if changes else _("Değişiklik yok."), "success")
        return redirect(url_for("members.detail", municipality_id=municipality.id), 303)
    return render(
        "members/person_form.html", form=form, m=municipality, person=person, status=_status()
    )


@bp.post("/people/<int:person_id>/delete")
def person_delete(person_id: int):
    """Remove a person (KVKK: what is no longer needed is not kept)."""
    person = get_person_or_404(person_id)
    _allow(can_edit_person, person)
    if not FlaskForm().validate_on_submit():
        abort(400)
    municipality_id, name = person.municipality_id, person.full_name
    try:
        services.delete_person(person, current_user)
    except services.RuleError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(_("%(name)s silindi.", name=name), "success")
    return redirect(url_for("members.detail", municipality_id=municipality_id), 303)
