# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.cloudworkz_support_contract.tools import MAX_MONTHS, MAX_PACK_HOURS


class ProductTemplate(models.Model):
    _inherit = "product.template"

    is_support_pack = fields.Boolean(
        string="Prepaid Support Pack",
        help="Each unit sold creates a prepaid pack of support hours.",
    )
    pack_hours = fields.Float(string="Hours per Pack")
    pack_validity_months = fields.Integer(
        string="Validity (months)",
        help="Hours left when this many months have passed since purchase "
        "expire. 0: the pack does not expire.",
    )

    @api.constrains("is_support_pack", "pack_hours", "pack_validity_months")
    def _check_pack(self):
        for product in self.filtered("is_support_pack"):
            if not 0 < product.pack_hours <= MAX_PACK_HOURS:
                raise ValidationError(
                    _(
                        "A prepaid pack holds more than zero and at most %(max)s "
                        "hours.",
                        max="%g" % MAX_PACK_HOURS,
                    )
                )
            if not 0 <= product.pack_validity_months <= MAX_MONTHS:
                raise ValidationError(
                    _(
                        "A pack is valid 0 (no expiry) to %(max)s months.",
                        max=MAX_MONTHS,
                    )
                )
