# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


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
