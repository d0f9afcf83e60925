# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ContractContractTerminate(models.TransientModel):
    _inherit = "contract.contract.terminate"

    support_commitment_end = fields.Date(
        related="contract_id.support_commitment_end", string="Commitment End"
    )
    support_force_termination = fields.Boolean(
        string="Force Early Termination",
        help="Terminate before the commitment end. Managers only; the "
        "comment must say why.",
    )

    def terminate_contract(self):
        for wizard in self:
            if wizard.support_force_termination:
                wizard = wizard.with_context(support_force_termination=True)
            super(ContractContractTerminate, wizard).terminate_contract()
        return True
