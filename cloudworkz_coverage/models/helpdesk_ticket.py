# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import namedtuple

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.cloudworkz_support_contract.tools import check_bookkeeping

from .helpdesk_ticket_category import RANK

COVERAGE_STATES = [
    ("included", "Included"),
    ("guidance", "Guidance only"),
    ("chargeable", "Chargeable"),
    ("undetermined", "No category"),
]

# Decided by the catalogue and the ticket's own methods (see the support
# contract addon's tools/guard.py); the override goes through its manager.
COVERAGE_BOOKKEEPING = (
    "coverage_computed_state",
    "coverage_state",
    "coverage_customer_notified",
    # a fix split off a guidance ticket is chargeable: only the split sets it
    "coverage_fix_of_id",
    "coverage_fix_ids",
)

# ``personal``: the outcome depends on who asks (registered user, IT key
# user); between two equal outcomes it is the one that tells most.
Outcome = namedtuple("Outcome", "state reason rule personal", defaults=[False])


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    coverage_computed_state = fields.Selection(
        selection=COVERAGE_STATES,
        string="Computed Coverage",
        compute="_compute_coverage",
        store=True,
    )
    coverage_computed_reason = fields.Char(
        string="Computed Reason", compute="_compute_coverage_texts"
    )
    coverage_rule = fields.Char(
        compute="_compute_coverage_texts",
        help="The catalogue rule that decided the computed coverage.",
    )
    coverage_override = fields.Selection(
        selection=COVERAGE_STATES[:3],
        tracking=True,
        copy=False,
        help="Set by a helpdesk manager, with a reason, to replace the "
        "computed coverage.",
    )
    coverage_override_reason = fields.Text(tracking=True, copy=False)
    coverage_state = fields.Selection(
        selection=COVERAGE_STATES,
        string="Coverage",
        compute="_compute_coverage_state",
        store=True,
        index=True,
        tracking=True,
    )
    coverage_reason = fields.Char(compute="_compute_coverage_texts")
    coverage_display_state = fields.Selection(
        selection=COVERAGE_STATES,
        string="Coverage Shown",
        compute="_compute_coverage_texts",
        help="The coverage as agents and customers see it.",
    )
    coverage_fix_of_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Fix of",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The guidance-only ticket whose fix this ticket charges.",
    )
    coverage_fix_ids = fields.One2many(
        comodel_name="helpdesk.ticket",
        inverse_name="coverage_fix_of_id",
        string="Fix Tickets",
    )
    coverage_minimum_minutes = fields.Integer(
        string="Minimum per Request (min)",
        compute="_compute_coverage_rounding",
        compute_sudo=True,
        help="The agreement's rule for chargeable time, as the customer is told.",
    )
    coverage_increment_minutes = fields.Integer(
        string="Then per Started (min)",
        compute="_compute_coverage_rounding",
        compute_sudo=True,
    )
    coverage_customer_notified = fields.Boolean(
        string="Customer Told of Charges", readonly=True, copy=False
    )

    COVERAGE_DEPENDS = (
        "category_id",
        "category_id.coverage_on_demand",
        "category_id.coverage_first_line",
        "category_id.coverage_maintenance",
        "category_id.coverage_key_user_only",
        "category_id.is_excluded_service",
        "partner_id",
        "coverage_fix_of_id",
        "support_agreement_id.support_type",
        "support_agreement_id.support_contact_ids.partner_id",
        "support_agreement_id.support_contact_ids.role",
        "support_agreement_id.support_contact_ids.date_removed",
    )

    @api.depends(*COVERAGE_DEPENDS)
    def _compute_coverage(self):
        """What the catalogue decides is stored; why is told when read."""
        for ticket in self:
            ticket.coverage_computed_state = ticket._coverage_evaluate().state

    @api.depends("coverage_computed_state", "coverage_override")
    def _compute_coverage_state(self):
        for ticket in self:
            ticket.coverage_state = (
                ticket.coverage_override or ticket.coverage_computed_state
            )

    @api.depends(
        *COVERAGE_DEPENDS,
        "category_id.name",
        "category_id.exclusion_reason",
        "coverage_state",
        "coverage_override_reason",
    )
    @api.depends_context("lang")
    def _compute_coverage_texts(self):
        """The reason, rule and badge in the reader's language, from what
        was decided (the catalogue, the agreement, the override)."""
        labels = self._coverage_state_labels()
        for ticket in self:
            # sudo: the reason reads the agreement and its registered users,
            # which the customer (portal) reading the ticket may not read;
            # the language of the reader stays the one of the context.
            outcome = ticket.sudo()._coverage_evaluate()
            ticket.coverage_computed_reason = outcome.reason
            ticket.coverage_rule = outcome.rule
            ticket.coverage_display_state = ticket.coverage_state
            if ticket.coverage_override:
                ticket.coverage_reason = _(
                    "%(state)s: overridden by a manager: %(reason)s",
                    state=labels[ticket.coverage_override],
                    reason=ticket.coverage_override_reason or "",
                )
            else:
                ticket.coverage_reason = outcome.reason

    @api.depends(
        "support_agreement_id.support_minimum_minutes",
        "support_agreement_id.support_increment_minutes",
        "company_id.support_minimum_minutes",
        "company_id.support_increment_minutes",
    )
    def _compute_coverage_rounding(self):
        # compute_sudo: the customer's mail reads its agreement's rule
        for ticket in self:
            (
                ticket.coverage_minimum_minutes,
                ticket.coverage_increment_minutes,
            ) = ticket.support_agreement_id._support_rounding(ticket.company_id)

    def _coverage_state_labels(self):
        """Coverage states as the reader says them."""
        return dict(self._fields["coverage_state"]._description_selection(self.env))

    @api.model
    def _coverage_hints(self, partner, categories, company):
        """What a request of ``partner`` would be told in each of
        ``categories`` before it is sent: {category id: {"state", "label",
        "reason"}}. Each is evaluated on an unsaved ticket, the way a saved
        one is (agreement, catalogue, registered users, prepaid hours)."""
        labels = dict(
            self._fields["coverage_display_state"]._description_selection(self.env)
        )
        agreements = {}
        hints = {}
        for category in categories:
            ticket_company = category.company_id or company
            vals = {
                "partner_id": partner.id,
                "category_id": category.id,
                "company_id": ticket_company.id,
            }
            if ticket_company in agreements:
                # the same customer's agreement for every category
                vals["support_agreement_id"] = agreements[ticket_company].id
            ticket = self.new(vals)
            agreements[ticket_company] = ticket.support_agreement_id
            hints[category.id] = {
                "state": ticket.coverage_display_state,
                "label": labels.get(ticket.coverage_display_state, ""),
                "reason": ticket.coverage_reason,
            }
        return hints

    # ------------------------------------------------------------------
    # The rules
    # ------------------------------------------------------------------
    def _coverage_evaluate(self, agreement=None, services=None):
        """Outcome of the catalogue rules for this ticket, with a reason a
        customer understands; under its own agreement unless another one
        (or none: an empty recordset) is given, and under the services the
        agreement runs now unless others are given (those of a day: First
        Line, Maintenance, none for On Demand)."""
        self.ensure_one()
        category = self.category_id
        if agreement is None:
            agreement = self.support_agreement_id
        if services is None:
            services = agreement._support_services_now()
        if not category:
            return Outcome(
                "undetermined",
                _("No category: choose the service to know whether it is covered."),
                "",
            )
        service = category.name
        if self.coverage_fix_of_id:
            return Outcome(
                "chargeable",
                _(
                    "Chargeable: fixing is not included; guidance was given on "
                    "%(ticket)s.",
                    ticket=self.coverage_fix_of_id.number,
                ),
                _("%(service)s: fix after guidance", service=service),
            )
        if category.is_excluded_service:
            return Outcome(
                "chargeable",
                _(
                    "Chargeable: %(service)s is %(why)s.",
                    service=service.lower(),
                    why=category.exclusion_reason or _("always charged separately"),
                ),
                _("%(service)s: excluded service", service=service),
            )
        if not agreement or not services:
            return self._coverage_on_demand_outcome(category, agreement)
        outcomes = []
        if "first_line" in services:
            outcomes.append(self._coverage_first_line_outcome(category, agreement))
        if "maintenance" in services:
            outcomes.append(self._coverage_maintenance_outcome(category, agreement))
        # First Line + Maintenance: the union, i.e. the best of the two.
        return max(
            outcomes, key=lambda outcome: (RANK[outcome.state], outcome.personal)
        )

    def _coverage_contacts(self, agreement, role):
        """Contacts of ``role`` not removed before the ticket was opened.
        Registering a contact later covers their open requests too."""
        day = fields.Date.to_date(self.create_date) or fields.Date.context_today(self)
        return agreement.support_contact_ids.filtered(
            lambda contact: contact.role == role
            and (not contact.date_removed or contact.date_removed >= day)
        ).partner_id

    def _coverage_on_demand_outcome(self, category, agreement):
        rule = category.coverage_on_demand
        service = category.name
        if not agreement:
            reason = {
                "chargeable": _(
                    "Chargeable: no support agreement, %(service)s is charged per "
                    "request (On Demand).",
                    service=service.lower(),
                ),
            }.get(rule)
        else:
            reason = {
                "chargeable": _(
                    "Chargeable: On Demand, %(service)s is charged per request.",
                    service=service.lower(),
                ),
            }.get(rule)
        if not reason:
            reason = self._coverage_rule_reason(rule, _("On Demand"), service)
        return Outcome(rule, reason, _("%(service)s: On Demand", service=service))

    def _coverage_first_line_outcome(self, category, agreement):
        rule = category.coverage_first_line
        service = category.name
        rule_name = _("%(service)s: First Line", service=service)
        if rule != "chargeable" and self.partner_id not in self._coverage_contacts(
            agreement, "registered_user"
        ):
            return Outcome(
                "chargeable",
                _(
                    "Chargeable: this contact is not a registered user on the "
                    "First Line agreement."
                ),
                rule_name,
                personal=True,
            )
        if rule == "included":
            reason = _("Included: First Line, registered user.")
        elif rule == "guidance":
            reason = _(
                "Guidance only: First Line gives guidance on %(service)s; fixing "
                "is not included.",
                service=service.lower(),
            )
        else:
            reason = _(
                "Chargeable: %(service)s is not included in First Line.",
                service=service.lower(),
            )
        return Outcome(rule, reason, rule_name)

    def _coverage_maintenance_outcome(self, category, agreement):
        rule = category.coverage_maintenance
        service = category.name
        rule_name = _("%(service)s: Maintenance", service=service)
        if (
            rule != "chargeable"
            and category.coverage_key_user_only
            and self.partner_id not in self._coverage_contacts(agreement, "it_key_user")
        ):
            return Outcome(
                "chargeable",
                _(
                    "Chargeable: this contact is not an IT key user on the "
                    "Maintenance agreement."
                ),
                rule_name,
                personal=True,
            )
        if rule == "included":
            if category.coverage_key_user_only:
                reason = _("Included: Maintenance, IT key user.")
            else:
                reason = _(
                    "Included: Maintenance covers %(service)s.",
                    service=service.lower(),
                )
        elif rule == "guidance":
            reason = _(
                "Guidance only: Maintenance gives guidance on %(service)s; "
                "fixing is not included.",
                service=service.lower(),
            )
        else:
            reason = _(
                "Chargeable: %(service)s is not included in Maintenance.",
                service=service.lower(),
            )
        return Outcome(rule, reason, rule_name)

    @api.model
    def _coverage_rule_reason(self, rule, agreement_label, service):
        labels = self._coverage_state_labels()
        return _(
            "%(state)s: %(agreement)s, %(service)s.",
            state=labels[rule],
            agreement=agreement_label,
            service=service.lower(),
        )

    # ------------------------------------------------------------------
    # Override, split, notice
    # ------------------------------------------------------------------
    def _coverage_check_override(self, vals):
        """Only a helpdesk manager overrides the coverage, with a reason:
        when a ticket is created as when it is changed. Returns the values
        to write."""
        if not {"coverage_override", "coverage_override_reason"} & set(vals):
            return vals
        if not (
            self.env.su
            or self.env.user.has_group("helpdesk_mgmt.group_helpdesk_manager")
        ):
            raise AccessError(
                _("Only a helpdesk manager can override the coverage of a ticket.")
            )
        if (
            vals.get("coverage_override")
            and not (vals.get("coverage_override_reason") or "").strip()
        ):
            raise UserError(_("Say why the coverage is overridden."))
        if "coverage_override" in vals and not vals["coverage_override"]:
            vals = dict(vals, coverage_override_reason=False)
        return vals

    def write(self, vals):
        check_bookkeeping(self, [vals], COVERAGE_BOOKKEEPING)
        vals = self._coverage_check_override(vals)
        res = super().write(vals)
        self._coverage_notify_customer()
        return res

    def _coverage_override_defaults(self):
        """The override given as ``default_*`` in the context: ``create``
        fills it in, so it is checked as if it were in the values."""
        return {
            fname: self.env.context[f"default_{fname}"]
            for fname in ("coverage_override", "coverage_override_reason")
            if f"default_{fname}" in self.env.context
        }

    @api.model_create_multi
    def create(self, vals_list):
        check_bookkeeping(self, vals_list, COVERAGE_BOOKKEEPING)
        defaults = self._coverage_override_defaults()
        vals_list = [
            self._coverage_check_override(dict(defaults, **vals)) for vals in vals_list
        ]
        tickets = super().create(vals_list)
        tickets._coverage_notify_customer()
        return tickets

    def action_coverage_split_fix(self):
        """Open a new chargeable ticket for the fix that guidance does not
        cover, linked to this one."""
        self.ensure_one()
        if self.coverage_state != "guidance":
            raise UserError(
                _("Only a guidance-only ticket can have its fix split off.")
            )
        self.check_access_rights("create")
        # sudo: the link to the guidance ticket makes the fix chargeable and
        # is kept by this split only (it is bookkeeping); the caller's right
        # to create tickets is checked above
        fix = (
            self.sudo()
            .copy(
                {
                    "name": _("Fix: %(name)s", name=self.name),
                    "coverage_fix_of_id": self.id,
                    "support_agreement_id": self.support_agreement_id.id,
                    "user_ids": [Command.set(self.user_ids.ids)],
                }
            )
            .sudo(False)
        )
        self.message_post(
            body=_(
                "The fix is not covered: it continues, chargeable, in %(ticket)s.",
                ticket=fix.number,
            )
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": fix.id,
            "view_mode": "form",
        }

    def _support_customer_changed(self):
        res = super()._support_customer_changed()
        # Decided again for the new customer, in every month: what was
        # decided for the former customer's invoiced months (covered time
        # stays covered there) was never the new customer's decision.
        # sudo: the ticket's time of every agent follows the ticket
        self.sudo().timesheet_ids._coverage_decide_again()
        return res

    def _coverage_paid_otherwise(self):
        """Whether this ticket's chargeable time is paid otherwise than by
        an invoice (then the customer is not told it is chargeable): never
        here; an addon that pays time otherwise (prepaid hours) says when."""
        self.ensure_one()
        return False

    def _coverage_notify_customer(self):
        """Tell the customer contact, once, that a ticket is chargeable."""
        template = self.env.ref(
            "cloudworkz_coverage.mail_template_ticket_chargeable",
            raise_if_not_found=False,
        )
        if not template:
            return
        for ticket in self:
            # cheapest first: every line of time asks (whether time is paid
            # otherwise may be a query, the contact's email another)
            if (
                ticket.coverage_state != "chargeable"
                or ticket.coverage_customer_notified
                or not ticket.company_id.coverage_notify_chargeable
                or ticket._coverage_paid_otherwise()
                or not ticket.partner_id.email
            ):
                continue
            # flagged first: posting may write the ticket, which comes back
            # here; sudo: the flag is the ticket's bookkeeping
            super(HelpdeskTicket, ticket.sudo()).write(
                {"coverage_customer_notified": True}
            )
            ticket.message_post_with_source(template, subtype_xmlid="mail.mt_comment")
