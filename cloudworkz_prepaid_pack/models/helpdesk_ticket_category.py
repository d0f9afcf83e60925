# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HelpdeskTicketCategory(models.Model):
    _inherit = "helpdesk.ticket.category"

    pack_allowed = fields.Boolean(
        string="Prepaid Hours May Pay",
        default=True,
        help="Chargeable time on this service may be deducted from prepaid "
        "support packs. Otherwise it is always invoiced.",
    )
