# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    coverage_notify_chargeable = fields.Boolean(
        string="Tell Customers of Chargeable Work",
        default=True,
        help="When a ticket turns out chargeable and the customer has no "
        "prepaid hours, mail the customer contact before work is billed.",
    )
