# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import MAX_USERS


class SupportSeat(models.Model):
    """Registered users sold on a quotation, from the day the sale starts.

    First Line bills a month at least the users sold up to its last day,
    named or not yet; users named beyond them are billed too. A later sale
    adds its users from its own start, never to months before it.
    """

    _name = "cloudworkz.support.seat"
    _description = "Registered Users Sold"
    _order = "agreement_id, date_start, id"

    agreement_id = fields.Many2one(
        comodel_name="contract.contract",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="agreement_id.company_id", store=True)
    date_start = fields.Date(string="From", required=True)
    quantity = fields.Integer(string="Users", required=True)
    sale_line_id = fields.Many2one(
        comodel_name="sale.order.line",
        string="Sold on",
        readonly=True,
        ondelete="set null",
    )

    @api.constrains("quantity")
    def _check_quantity(self):
        for seat in self:
            if not 0 <= seat.quantity <= MAX_USERS:
                raise ValidationError(
                    _(
                        "The users sold are 0 to %(max)s.",
                        max=MAX_USERS,
                    )
                )
