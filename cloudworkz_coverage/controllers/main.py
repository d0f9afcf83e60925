# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, http
from odoo.exceptions import UserError
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

    def _prepare_submit_ticket_vals(self, **kw):
        """A ticket sent from the portal takes one of the services its form
        offers: a category decides the coverage, so a hidden one (or another
        company's) is refused, whatever the request posts."""
        vals = super()._prepare_submit_ticket_vals(**kw)
        if vals.get("category_id"):
            # sudo: the check reads the category whoever posts
            category = (
                request.env["helpdesk.ticket.category"]
                .sudo()
                .browse(vals["category_id"])
            )
            if not (
                category.exists()
                and category.active
                and category.show_in_portal
                and category.company_id in (request.env.company, category.browse())
            ):
                raise UserError(_("Choose one of the services the form offers."))
        return vals
