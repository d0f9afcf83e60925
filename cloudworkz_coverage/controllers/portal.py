# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.http import request

from odoo.addons.cloudworkz_support_contract.controllers.portal import (
    SupportAgreementPortal,
)


class CoverageAgreementPortal(SupportAgreementPortal):
    def _support_page_values(self, agreement_sudo):
        values = super()._support_page_values(agreement_sudo)
        # the catalogue is readable by portal users: read as the visitor
        Category = request.env["helpdesk.ticket.category"].with_company(
            agreement_sudo.company_id
        )
        values["support_catalogue"] = Category._coverage_catalogue(
            agreement_sudo.support_type, agreement_sudo.company_id
        )
        return values
