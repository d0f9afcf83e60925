# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools import check_bookkeeping


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
        agreements = self.env["contract.contract"]._support_agreements_of(
            self.commercial_partner_id
        )
        for ticket in self:
            # the customer's agreement running on the ticket's date, if any
            day = fields.Date.to_date(ticket.create_date) or fields.Date.context_today(
                ticket
            )
            ticket.support_agreement_id = agreements._support_running_in(
                ticket.commercial_partner_id, ticket.company_id, day
            )

    @api.depends("support_request_month_ids.state")
    def _compute_support_without_agreement(self):
        for ticket in self:
            ticket.support_without_agreement = any(
                rm.state == "no_agreement" for rm in ticket.support_request_month_ids
            )

    @api.constrains("support_agreement_id", "partner_id", "company_id")
    def _check_support_agreement(self):
        """The agreement of a ticket is one of its customer's, in its
        company: a ticket never bills another customer's agreement."""
        for ticket in self.filtered("support_agreement_id"):
            agreement = ticket.support_agreement_id
            if (
                not agreement.support_type
                or agreement.contract_type != "sale"
                or agreement.commercial_partner_id != ticket.commercial_partner_id
                or agreement.company_id != ticket.company_id
            ):
                raise ValidationError(
                    _(
                        "%(agreement)s is not a support agreement of %(customer)s "
                        "in %(company)s: %(ticket)s cannot be billed under it.",
                        agreement=agreement.display_name,
                        customer=ticket.commercial_partner_id.display_name
                        or _("no customer"),
                        company=ticket.company_id.display_name,
                        ticket=ticket.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        check_bookkeeping(self, vals_list, ("support_without_agreement",))
        return super().create(vals_list)

    def write(self, vals):
        check_bookkeeping(self, [vals], ("support_without_agreement",))
        # who the customer is, as stored before and after: the write may
        # go through the contact, its company or the ticket's company
        before = {
            ticket: (ticket.commercial_partner_id, ticket.company_id) for ticket in self
        }
        res = super().write(vals)
        moved = self.filtered(
            lambda t: before[t] != (t.commercial_partner_id, t.company_id)
        )
        if moved:
            moved._support_customer_changed()
        # category, contact, agreement, override: whatever changed the
        # coverage, the ledger follows at once
        self.env["cloudworkz.support.request.month"].sudo()._settle_pending()
        # the ledger read every agent's time with the system's rights: the
        # reader reloads the ticket with their own
        self.invalidate_recordset(["timesheet_ids"])
        return res

    def _support_customer_changed(self):
        """These tickets now belong to another customer (or company): their
        time follows them, as if it had been logged for that customer at
        first; what an invoice accounted for stays with its invoice."""
        # sudo: the agent moving the ticket may not read every agent's time
        # nor the invoices
        invoiced = self.sudo().timesheet_ids.filtered("support_invoice_line_id")
        if invoiced:
            raise UserError(
                _(
                    "%(ticket)s has time on %(invoice)s of its former customer: "
                    "credit (or cancel) that invoice before the ticket moves to "
                    "another customer.",
                    ticket=invoiced[0].ticket_id.display_name,
                    invoice=invoiced[0].support_invoice_id.display_name,
                )
            )
        # prepaid hours and the invoice follow the new customer at once
        self.sudo().support_request_month_ids._mark_changed()

    def unlink(self):
        # the ledger refuses to lose what was invoiced or prepaid
        self.env["cloudworkz.support.request.month"].sudo().search(
            [("ticket_id", "in", self.ids)]
        ).unlink()
        return super().unlink()

    def action_support_bill_on_demand(self):
        """Bill this customer's time that no agreement covers On Demand: an
        On Demand agreement from the first month concerned."""
        if not self.env.user.has_group("account.group_account_manager"):
            raise AccessError(
                _("Only an account manager bills time without an agreement.")
            )
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
