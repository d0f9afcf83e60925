# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup, escape

from odoo import _, fields, models
from odoo.exceptions import UserError


class SupportUpgradeWizard(models.TransientModel):
    """Plan an upgrade to a target Odoo version for every Maintenance
    agreement at once: one upgrade-readiness task each, listing the custom
    code to migrate."""

    _name = "cloudworkz.support.upgrade.wizard"
    _description = "Plan Upgrade Readiness"

    target_version = fields.Char(required=True, help="E.g. 18.0")
    date_deadline = fields.Datetime(string="Deadline")
    user_id = fields.Many2one(comodel_name="res.users", string="Responsible")

    def action_plan(self):
        self.ensure_one()
        version = (self.target_version or "").strip()
        if not version:
            raise UserError(_("Give the target Odoo version."))
        Window = self.env["cloudworkz.support.patch.window"]
        this_month = fields.Date.context_today(self).replace(day=1)
        # Maintenance running this month: until the end date of an agreement
        # terminated with notice, too
        windows = Window.search(Window._running_domain(this_month)).filtered(
            lambda w: w._runs_in(this_month)
        )
        Task = self.env["project.task"]
        existing = Task.search(
            [
                ("support_agreement_id", "in", windows.agreement_id.ids),
                ("support_upgrade_version", "=", version),
            ]
        ).support_agreement_id
        vals_list = []
        for window in windows.filtered(lambda w: w.agreement_id not in existing):
            agreement = window.agreement_id
            modules = Markup("").join(
                Markup("<li>%s: %s</li>") % (escape(module.name), module.lines_of_code)
                for module in agreement.code_module_ids
            )
            vals_list.append(
                {
                    "name": _(
                        "Upgrade readiness %(from_version)s → %(to)s: %(customer)s",
                        from_version=window.odoo_version or "?",
                        to=version,
                        customer=agreement.partner_id.commercial_partner_id.name,
                    ),
                    "project_id": window._project().id,
                    "partner_id": agreement.partner_id.id,
                    "user_ids": [
                        fields.Command.set((self.user_id or window.user_id).ids)
                    ],
                    "support_agreement_id": agreement.id,
                    "support_task_kind": "upgrade",
                    "support_upgrade_version": version,
                    "date_deadline": self.date_deadline,
                    "company_id": agreement.company_id.id,
                    "description": Markup("<p>%s</p><ul class='o_checklist'>%s</ul>")
                    % (_("Custom code to migrate:"), modules),
                }
            )
        tasks = Task.create(vals_list)
        return {
            "type": "ir.actions.act_window",
            "name": _("Upgrade Readiness"),
            "res_model": "project.task",
            "view_mode": "tree,form",
            "domain": [("id", "in", tasks.ids)],
        }
