# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class SupportCodeModule(models.Model):
    """One custom addon of a Maintenance customer and its size."""

    _name = "cloudworkz.support.code.module"
    _description = "Custom Code Module"
    _order = "agreement_id, name"

    agreement_id = fields.Many2one(
        comodel_name="contract.contract",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="agreement_id.company_id", store=True)
    partner_id = fields.Many2one(
        related="agreement_id.partner_id", string="Customer", store=True
    )
    name = fields.Char(string="Module", required=True, help="Technical name")
    lines_of_code = fields.Integer(required=True)
    date_measured = fields.Date(
        string="Measured on", default=fields.Date.context_today, required=True
    )
    measure_method = fields.Selection(
        selection=[
            ("manual", "Entered by hand"),
            ("cloc", "Counted by odoo.tools.cloc"),
        ],
        string="Measured by",
        default="manual",
        required=True,
    )
    note = fields.Char()

    _sql_constraints = [
        (
            "module_uniq",
            "unique(agreement_id, name)",
            "A module can appear only once in an agreement's code inventory.",
        )
    ]

    @api.constrains("lines_of_code")
    def _check_lines_of_code(self):
        for module in self:
            if module.lines_of_code <= 0:
                raise ValidationError(
                    _(
                        "Module %(module)s: lines of code must be above zero "
                        "(got %(lines)s).",
                        module=module.name,
                        lines=module.lines_of_code,
                    )
                )
