# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import MAX_LINES_OF_CODE


class SupportCodeModule(models.Model):
    """One custom addon of a Maintenance customer and its size today. The
    dated totals that months are billed by are the measurements."""

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
            ("quote", "Estimated on the quotation"),
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
            if not 0 < module.lines_of_code <= MAX_LINES_OF_CODE:
                raise ValidationError(
                    _(
                        "Module %(module)s: lines of code must be above zero and "
                        "at most %(max)s (got %(lines)s).",
                        module=module.name,
                        lines=module.lines_of_code,
                        max=MAX_LINES_OF_CODE,
                    )
                )

    def _measure_method(self):
        self.ensure_one()
        return (
            self.measure_method
            if self.measure_method in ("quote", "cloc")
            else "manual"
        )

    @api.model_create_multi
    def create(self, vals_list):
        modules = super().create(vals_list)
        for module in modules:
            module.agreement_id._support_code_changed(
                module.date_measured, module.lines_of_code, module._measure_method()
            )
        return modules

    def write(self, vals):
        if "agreement_id" in vals and any(
            module.agreement_id.id != vals["agreement_id"] for module in self
        ):
            raise UserError(
                _(
                    "A module stays in the inventory of its agreement: remove it "
                    "there and add it to the other one."
                )
            )
        before = {
            module: (module.date_measured, module.lines_of_code) for module in self
        }
        res = super().write(vals)
        # as if the module had been entered this way: what it counted from
        # its day is taken back, what it counts now counts from its day
        for module in self:
            day, lines = before[module]
            agreement, method = module.agreement_id, module._measure_method()
            if day == module.date_measured:
                agreement._support_code_changed(
                    day, module.lines_of_code - lines, method
                )
            else:
                agreement._support_code_changed(day, -lines, method)
                agreement._support_code_changed(
                    module.date_measured, module.lines_of_code, method
                )
        return res

    def unlink(self):
        """A module removed no longer counts from its day (months already
        invoiced keep what they billed)."""
        removed = [
            (module.agreement_id, module.date_measured, module.lines_of_code)
            for module in self
        ]
        res = super().unlink()
        for agreement, day, lines in removed:
            agreement._support_code_changed(day, -lines)
        return res
