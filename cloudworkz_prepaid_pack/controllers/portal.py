# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.cloudworkz_coverage.controllers.portal import (
    CoverageAgreementPortal,
)
from odoo.addons.cloudworkz_support_contract.tools import pdf_available
from odoo.addons.portal.controllers.portal import CustomerPortal


class PrepaidPackPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "pack_count" in counters:
            Pack = request.env["cloudworkz.prepaid.pack"]
            values["pack_count"] = (
                Pack.search_count([])
                if Pack.check_access_rights("read", raise_exception=False)
                else 0
            )
        return values

    @http.route(["/my/packs"], type="http", auth="user", website=True)
    def portal_my_packs(self, **kw):
        # record rules keep a portal user to their own company's packs
        Pack = request.env["cloudworkz.prepaid.pack"]
        packs = Pack.search([])
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "packs": packs,
                "page_name": "prepaid_pack",
                "default_url": "/my/packs",
                "balance": Pack._minutes_text(
                    sum(packs._in_use().mapped("balance_minutes"))
                ),
            }
        )
        return request.render("cloudworkz_prepaid_pack.portal_my_packs", values)

    @http.route(["/my/packs/<int:pack_id>"], type="http", auth="user", website=True)
    def portal_my_pack(self, pack_id, access_token=None, **kw):
        try:
            pack_sudo = self._document_check_access(
                "cloudworkz.prepaid.pack", pack_id, access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        report_type = kw.get("report_type")
        if report_type in ("html", "pdf", "text"):
            if report_type == "pdf" and not pdf_available(request.env):
                # no wkhtmltopdf on this server: the statement as a web page
                report_type = "html"
            return self._show_report(
                model=pack_sudo,
                report_type=report_type,
                report_ref="cloudworkz_prepaid_pack.action_report_pack_statement",
                download=kw.get("download") == "true",
            )
        values = self._get_page_view_values(
            pack_sudo,
            access_token,
            {"pack": pack_sudo, "page_name": "prepaid_pack"},
            "my_packs_history",
            False,
            **kw,
        )
        return request.render("cloudworkz_prepaid_pack.portal_my_pack", values)


class PrepaidPackAgreementPortal(CoverageAgreementPortal):
    def _support_page_values(self, agreement_sudo):
        values = super()._support_page_values(agreement_sudo)
        # read as the visitor: record rules keep a portal user to their own
        # company's packs
        Pack = request.env["cloudworkz.prepaid.pack"].with_company(
            agreement_sudo.company_id
        )
        packs = Pack.browse()
        if Pack.check_access_rights("read", raise_exception=False):
            packs = Pack.search(
                [("partner_id", "=", agreement_sudo.commercial_partner_id.id)]
            )
        values.update(
            {
                "support_packs": packs,
                "support_pack_balance": Pack._minutes_text(
                    sum(packs._in_use().mapped("balance_minutes"))
                ),
            }
        )
        return values
