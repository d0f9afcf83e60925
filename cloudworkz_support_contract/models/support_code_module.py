# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

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
            module._support_count(None, module._support_size())
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
        before = {module: module._support_size() for module in self}
        res = super().write(vals)
        for module in self:
            module._support_count(before[module], module._support_size())
        return res

    def unlink(self):
        removed = [
            (module._support_size(), module.agreement_id, module._measure_method())
            for module in self
        ]
        res = super().unlink()
        for size, agreement, method in removed:
            self.browse()._support_count(size, None, agreement, method)
        return res

    def _support_size(self):
        """(day, lines): the size the module has from its day on."""
        self.ensure_one()
        return (self.date_measured, self.lines_of_code)

    def _support_count(self, old, new, agreement=None, method=None):
        """The measurements follow a module that was ``old`` and is ``new``
        (each (day, lines), or None: absent). The past keeps what was
        measured then: from today (or the module's day, when it is still to
        come) the inventory is what it is now; only a module now known from
        an earlier day (added, or its day moved back) counts from that day,
        where it was not counted before."""
        agreement = agreement or self.agreement_id
        method = method or self._measure_method()
        today = fields.Date.context_today(self)
        changes = defaultdict(int)
        if old:
            changes[max(old[0], today)] -= old[1]
        if new:
            changes[max(new[0], today)] += new[1]
            known_from = min(old[0], today) if old else today
            if new[0] < known_from:
                changes[new[0]] += new[1]
                changes[known_from] -= new[1]
        for day in sorted(changes):
            agreement._support_code_changed(day, changes[day], method)
