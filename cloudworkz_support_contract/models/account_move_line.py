# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    support_request_month_id = fields.Many2one(
        comodel_name="cloudworkz.support.request.month",
        string="Request Month",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
    )
    support_billed_minutes = fields.Integer(
        string="Billed Minutes",
        readonly=True,
        copy=False,
        help="Minutes of the request-month this line bills (0 on a note).",
    )
    support_timesheet_ids = fields.One2many(
        comodel_name="account.analytic.line",
        inverse_name="support_invoice_line_id",
        string="Invoiced Ticket Time",
    )
    support_usage_ids = fields.One2many(
        comodel_name="cloudworkz.support.usage",
        inverse_name="invoice_line_id",
        string="Invoiced Usage",
    )
