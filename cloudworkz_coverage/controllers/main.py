# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController


class CoverageTicketController(HelpdeskTicketController):
    @http.route()
    def create_new_ticket(self, **kw):
        """The new ticket form tells, for each category, whether the
        request would be included, paid from prepaid hours or chargeable,
        and why, before it is sent."""
        response = super().create_new_ticket(**kw)
        categories = response.qcontext.get("categories")
        if categories:
            # sudo: the evaluation reads the customer's agreement, its
            # registered users and prepaid packs, which a portal user may not
            # read; it is asked only for the visitor's own contact, and gives
            # back what their ticket would say
            response.qcontext["coverage_hints"] = (
                request.env["helpdesk.ticket"]
                .sudo()
                ._coverage_hints(
                    request.env.user.partner_id, categories, request.env.company
                )
            )
        return response
