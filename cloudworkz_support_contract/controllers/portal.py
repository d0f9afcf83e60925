# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.exceptions import BadRequest, Forbidden

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.contract.controllers.main import PortalContract


class SupportAgreementPortal(PortalContract):
    """OCA contract's portal pages (My Contracts, a contract's page) tell a
    customer about their support agreement; its IT key users ask there for
    registered users to be added or removed."""

    def _contract_get_page_view_values(self, contract, access_token, **kwargs):
        error = kwargs.pop("user_request_error", None)
        values = super()._contract_get_page_view_values(
            contract, access_token, **kwargs
        )
        if contract.support_type:
            values.update(self._support_page_values(contract))
            values.update(
                {
                    "user_request_error": error,
                    "user_request_sent": kwargs.get("user_request") == "sent",
                }
            )
        return values

    def _support_page_values(self, agreement_sudo):
        """What the agreement's page shows. ``agreement_sudo`` comes from
        ``_document_check_access``: the visitor's access to the agreement
        was checked; its contacts, code inventory and invoicing rules are
        records a portal user has no rights on, so they are read as sudo."""
        agreement = agreement_sudo.with_company(agreement_sudo.company_id)
        today = fields.Date.context_today(agreement)
        partner = request.env.user.partner_id
        # sudo: the preview (a transient record) reads the agreement's
        # pricelist, fee lines, request ledger and usage with the rules of
        # the monthly invoicing itself; access to the agreement was checked
        preview = (
            request.env["cloudworkz.support.invoice.preview"]
            .sudo()
            .with_company(agreement.company_id)
            .create({"agreement_id": agreement.id})
        )
        return {
            "support_registered_users": agreement.registered_user_ids._active_on(today),
            "support_it_key_users": agreement.it_key_user_ids._active_on(today),
            "support_code_modules": agreement.code_module_ids,
            "support_preview": preview,
            "support_is_it_key_user": agreement._support_is_it_key_user(partner),
            "support_user_requests": agreement.support_user_request_ids[:20],
        }

    @http.route(
        ["/my/contracts/<int:contract_id>/user_request"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_support_user_request(
        self,
        contract_id,
        request_type=None,
        name=None,
        email=None,
        contact_id=None,
        **kw,
    ):
        try:
            agreement_sudo = self._document_check_access(
                "contract.contract", contract_id
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        partner = request.env.user.partner_id
        if not agreement_sudo.support_type or not (
            agreement_sudo._support_is_it_key_user(partner)
        ):
            # only the customer's IT key users ask for registered users
            raise Forbidden()
        vals = {
            "agreement_id": agreement_sudo.id,
            "requester_id": partner.id,
            "request_type": request_type,
        }
        if request_type == "add":
            vals.update({"user_name": name, "user_email": email})
        elif request_type == "remove":
            contact = agreement_sudo.registered_user_ids.filtered(
                lambda c: str(c.id) == (contact_id or "")
            )
            vals["contact_id"] = contact.id
        else:
            raise BadRequest()
        try:
            with request.env.cr.savepoint():
                # sudo: portal users have no rights on requests; the visitor
                # was just found to be an IT key user of this agreement, and
                # the request names them as the one who asks
                request.env["cloudworkz.support.user.request"].sudo().create(vals)
        except (UserError, ValidationError) as error:
            return self.portal_my_contract_detail(
                contract_id, user_request_error=error.args[0]
            )
        return request.redirect(
            f"/my/contracts/{contract_id}?user_request=sent#support_user_requests"
        )
