# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import binascii

from odoo import _, fields, models
from odoo.exceptions import UserError

from ..tools.code_count import CodeCountError, count_zip_lines


class SupportCodeCountWizard(models.TransientModel):
    """Measure the custom code of a Maintenance customer from a zip of its
    addons with odoo.tools.cloc, the counter behind ``odoo-bin cloc``."""

    _name = "cloudworkz.support.code.count.wizard"
    _description = "Count Custom Code from a Zip"

    agreement_id = fields.Many2one(
        comodel_name="contract.contract", required=True, ondelete="cascade"
    )
    zip_file = fields.Binary(string="Addons (zip)", required=True)
    zip_filename = fields.Char()
    replace_inventory = fields.Boolean(
        string="Replace the Whole Inventory",
        help="Remove the modules that are not in the archive. Otherwise they "
        "are kept as they are.",
    )

    def action_count(self):
        self.ensure_one()
        try:
            data = base64.b64decode(self.zip_file or b"", validate=True)
        except (binascii.Error, ValueError) as exc:
            raise UserError(_("The uploaded file is not readable.")) from exc
        try:
            counts = count_zip_lines(data)
        except CodeCountError as exc:
            raise UserError(_("Cannot count this archive: %s", exc)) from exc
        empty = sorted(name for name, lines in counts.items() if lines <= 0)
        if empty:
            raise UserError(
                _("These modules hold no line of code: %s", ", ".join(empty))
            )
        self.agreement_id._support_set_code_inventory(
            counts, method="cloc", replace=self.replace_inventory
        )
        return {"type": "ir.actions.act_window_close"}
