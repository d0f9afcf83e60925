# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import code_blocks


class SupportCodeMeasurement(models.Model):
    """The size of a Maintenance customer's custom code on a day.

    A month's Maintenance fee counts the blocks of the latest measurement
    dated on or before the month's last day, so months invoiced late (or
    again) bill the code of their own time. Each change of the module
    inventory records the inventory's total on the day it was measured.
    """

    _name = "cloudworkz.support.code.measurement"
    _description = "Custom Code Measurement"
    _order = "agreement_id, date desc, id desc"

    agreement_id = fields.Many2one(
        comodel_name="contract.contract",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="agreement_id.company_id", store=True)
    date = fields.Date(
        string="Measured on", required=True, default=fields.Date.context_today
    )
    lines_of_code = fields.Integer(required=True)
    block_count = fields.Integer(
        string="Blocks of 100 Lines", compute="_compute_block_count", store=True
    )
    module_count = fields.Integer(string="Modules")
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
    user_id = fields.Many2one(
        comodel_name="res.users", string="By", default=lambda self: self.env.user
    )

    _sql_constraints = [
        (
            "agreement_date_uniq",
            "unique(agreement_id, date)",
            "An agreement has one code measurement per day.",
        )
    ]

    @api.depends("lines_of_code")
    def _compute_block_count(self):
        for measurement in self:
            measurement.block_count = code_blocks(measurement.lines_of_code)

    @api.constrains("lines_of_code")
    def _check_lines_of_code(self):
        for measurement in self:
            if measurement.lines_of_code < 0:
                raise ValidationError(
                    _("Lines of code cannot be negative (got %s).")
                    % measurement.lines_of_code
                )
