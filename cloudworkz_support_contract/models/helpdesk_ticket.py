# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    support_agreement_id = fields.Many2one(
        comodel_name="contract.contract",
        compute="_compute_support_agreement_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        domain="[('support_type', '!=', False), "
        "('commercial_partner_id', '=', commercial_partner_id)]",
        help="Agreement under which this request is handled and its time billed. "
        "By default the customer's agreement running on the ticket's date.",
    )
    support_type = fields.Selection(
        related="support_agreement_id.support_type", string="Agreement Type"
    )
    support_request_month_ids = fields.One2many(
        comodel_name="cloudworkz.support.request.month",
        inverse_name="ticket_id",
        string="Billing per Month",
    )
    support_without_agreement = fields.Boolean(
        string="Time without Agreement",
        compute="_compute_support_without_agreement",
        store=True,
        index=True,
        help="Chargeable time of this ticket falls in a month no agreement of "
        "the customer runs: the account manager decides how to bill it.",
    )

    @api.depends("timesheet_ids.unit_amount")
    def _compute_total_hours(self):
        totals = self._support_timesheet_totals()
        for ticket in self:
            ticket.total_hours = totals.get(ticket.id, (0.0, False))[0]

    @api.depends("timesheet_ids.date")
    def _compute_last_timesheet_activity(self):
        totals = self._support_timesheet_totals()
        for ticket in self:
            ticket.last_timesheet_activity = totals.get(ticket.id, (0.0, False))[1]

    def _support_timesheet_totals(self):
        """{ticket id: (hours, last day)} over every agent's time.
        helpdesk_mgmt_timesheet sums ``timesheet_ids``, whose cached value
        may be the lines one agent ("own timesheets") was allowed to read:
        the figures are read from the database instead."""
        # sudo: totals over every agent's lines, not only the reader's
        groups = (
            self.env["account.analytic.line"]
            .sudo()
            ._read_group(
                [("ticket_id", "in", self.ids)],
                ["ticket_id"],
                ["unit_amount:sum", "date:max"],
            )
        )
        return {ticket.id: (hours, day) for ticket, hours, day in groups}

    @api.depends("commercial_partner_id", "company_id")
    def _compute_support_agreement_id(self):
        partners = self.commercial_partner_id
        agreements = self.env["contract.contract"]
        if partners:
            agreements = agreements.search(
                [
                    ("support_type", "!=", False),
                    ("commercial_partner_id", "in", partners.ids),
                    ("contract_type", "=", "sale"),
                ],
                order="date_start desc, id desc",
            )
        for ticket in self:
            ticket.support_agreement_id = ticket._support_find_agreement(agreements)

    def _support_find_agreement(self, agreements):
        """The customer's agreement running on the ticket's date, if any."""
        self.ensure_one()
        day = fields.Date.to_date(self.create_date) or fields.Date.context_today(self)
        for agreement in agreements:
            if (
                agreement.commercial_partner_id == self.commercial_partner_id
                and agreement.company_id == self.company_id
                and (not agreement.date_start or agreement.date_start <= day)
                and (not agreement.date_end or agreement.date_end >= day)
            ):
                return agreement
        return self.support_agreement_id.browse()

    @api.depends("support_request_month_ids.state")
    def _compute_support_without_agreement(self):
        for ticket in self:
            ticket.support_without_agreement = any(
                rm.state == "no_agreement" for rm in ticket.support_request_month_ids
            )

    def write(self, vals):
        res = super().write(vals)
        # category, contact, agreement, override: whatever changed the
        # coverage, the ledger follows at once
        self.env["cloudworkz.support.request.month"].sudo()._settle_pending()
        return res

    def unlink(self):
        # the ledger refuses to lose what was invoiced or prepaid
        self.env["cloudworkz.support.request.month"].sudo().search(
            [("ticket_id", "in", self.ids)]
        ).unlink()
        return super().unlink()

    def action_support_bill_on_demand(self):
        """Bill this customer's time that no agreement covers On Demand: an
        On Demand agreement from the first month concerned."""
        unbilled = self.support_request_month_ids.filtered(
            lambda rm: rm.state == "no_agreement"
        )
        if not unbilled:
            raise UserError(_("All time of these tickets is billed by an agreement."))
        Contract = self.env["contract.contract"]
        agreements = Contract
        for customer in unbilled.partner_id:
            mine = unbilled.filtered(lambda rm, c=customer: rm.partner_id == c)
            agreements |= Contract._support_create_on_demand(
                customer, mine[0].company_id, min(mine.mapped("month"))
            )
        for ticket in self:
            ticket.message_post(
                body=Markup("<p>%s</p>")
                % _(
                    "Time without an agreement is now billed On Demand: "
                    "%(agreements)s.",
                    agreements=", ".join(agreements.mapped("display_name")),
                )
            )
        return True
