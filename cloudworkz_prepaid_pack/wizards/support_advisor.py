# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.cloudworkz_support_contract.tools import code_blocks

CHOICES = [
    ("on_demand", "On Demand"),
    ("pack", "Prepaid Support Pack"),
    ("first_line", "First Line Support"),
    ("maintenance", "Maintenance"),
    ("first_line_maintenance", "First Line + Maintenance"),
]


class SupportAdvisor(models.TransientModel):
    """Which model should the customer choose? The seeds' table, with the
    monthly cost of each choice at the customer's prices."""

    _name = "cloudworkz.support.advisor"
    _description = "Support Model Advisor"

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        domain=[("is_company", "=", True)],
    )
    company_id = fields.Many2one(
        comodel_name="res.company", default=lambda self: self.env.company, required=True
    )
    pricelist_id = fields.Many2one(
        comodel_name="product.pricelist",
        compute="_compute_pricelist_id",
        store=True,
        readonly=False,
    )
    currency_id = fields.Many2one(related="pricelist_id.currency_id")
    user_count = fields.Integer(
        string="Users", help="Users who need day-to-day guidance on Odoo."
    )
    code_lines = fields.Integer(string="Lines of Custom Code")
    hours_per_month = fields.Float(
        string="Support Hours per Month",
        help="Expected support requests, in hours a month.",
    )
    many_users = fields.Integer(
        string="Many Users from",
        default=10,
        help="From this many users, day-to-day guidance pays off (First Line).",
    )
    hour_price = fields.Monetary(compute="_compute_costs", string="Hourly Price")
    pack_product_id = fields.Many2one(
        comodel_name="product.product",
        compute="_compute_costs",
        string="Pack",
        help="The largest pack that a year of the expected hours uses up, "
        "else the smallest.",
    )
    cost_on_demand = fields.Monetary(compute="_compute_costs", string="On Demand")
    cost_pack = fields.Monetary(compute="_compute_costs", string="Prepaid Support Pack")
    cost_first_line = fields.Monetary(
        compute="_compute_costs", string="First Line Support"
    )
    cost_maintenance = fields.Monetary(compute="_compute_costs", string="Maintenance")
    cost_first_line_maintenance = fields.Monetary(
        compute="_compute_costs", string="First Line + Maintenance"
    )
    recommended = fields.Selection(selection=CHOICES, compute="_compute_recommended")
    reason = fields.Char(compute="_compute_recommended")

    @api.depends("partner_id", "company_id")
    def _compute_pricelist_id(self):
        for advisor in self:
            advisor.pricelist_id = advisor.partner_id.with_company(
                advisor.company_id
            ).property_product_pricelist

    def _price(self, product, quantity=1.0):
        """Unit price of ``product`` for this customer today: the price an
        agreement of theirs would invoice."""
        self.ensure_one()
        if not product:
            return 0.0
        agreement = self.env["contract.contract"].new(
            {
                "partner_id": self.partner_id.id,
                "pricelist_id": self.pricelist_id.id,
                "company_id": self.company_id.id,
            }
        )
        return agreement._support_price(
            product, quantity, fields.Date.context_today(self)
        )

    def _packs(self):
        return (
            self.env["product.product"]
            .search([("is_support_pack", "=", True), ("sale_ok", "=", True)])
            .sorted(lambda p: (p.pack_hours, p.id))
        )

    def _user_quantity(self):
        return max(1, self.user_count)

    def _block_quantity(self):
        return max(1, code_blocks(self.code_lines))

    @api.depends(
        "pricelist_id", "user_count", "code_lines", "hours_per_month", "company_id"
    )
    def _compute_costs(self):
        user_product = self.env.ref(
            "cloudworkz_support_contract.product_first_line_user"
        )
        block_product = self.env.ref(
            "cloudworkz_support_contract.product_maintenance_block"
        )
        for advisor in self:
            currency = advisor.currency_id or advisor.company_id.currency_id
            hours = advisor.hours_per_month
            rate = advisor._price(advisor.company_id.support_hour_product_id)
            packs = advisor._packs()
            # the largest pack a year of these hours uses up, else the smallest
            pack = (
                packs.filtered(lambda p, h=hours: p.pack_hours <= 12 * h)[-1:]
                or (packs[:1])
            )
            first_line = currency.round(
                advisor._user_quantity()
                * advisor._price(user_product, advisor._user_quantity())
            )
            maintenance = currency.round(
                advisor._block_quantity()
                * advisor._price(block_product, advisor._block_quantity())
            )
            advisor.hour_price = rate
            advisor.pack_product_id = pack
            advisor.cost_on_demand = currency.round(hours * rate)
            advisor.cost_pack = pack and currency.round(
                hours * advisor._price(pack) / pack.pack_hours
            )
            advisor.cost_first_line = first_line
            advisor.cost_maintenance = maintenance
            advisor.cost_first_line_maintenance = first_line + maintenance

    @api.depends(
        "user_count", "code_lines", "hours_per_month", "many_users", "pack_product_id"
    )
    def _compute_recommended(self):
        for advisor in self:
            advisor.recommended, advisor.reason = advisor._recommend()

    def _recommend(self):
        """(choice, reason): the seeds' "Which model should you choose?"."""
        self.ensure_one()
        many_users = self.user_count >= self.many_users
        if many_users and self.code_lines:
            return "first_line_maintenance", _(
                "You have many users AND custom code; both fees are fixed "
                "monthly costs, for maximum cost predictability."
            )
        if self.code_lines:
            return "maintenance", _(
                "You have custom code and want to stay current with patches "
                "and upgrades."
            )
        if many_users:
            return "first_line", _(
                "Your team has many users who need day-to-day guidance on how "
                "to use Odoo."
            )
        pack = self.pack_product_id
        if pack and 12 * self.hours_per_month >= pack.pack_hours:
            return "pack", _(
                "You want maximum cost control: %(pack)s lasts about "
                "%(months)s months at your hours and costs %(pack_cost)s a month "
                "instead of %(cost)s On Demand.",
                pack=pack.name,
                months="%g" % round(pack.pack_hours / self.hours_per_month, 1),
                pack_cost=self._format(self.cost_pack),
                cost=self._format(self.cost_on_demand),
            )
        return "on_demand", _(
            "You use Odoo with minimal customisation and contact support rarely: "
            "pay per request."
        )

    def _format(self, amount):
        currency = self.currency_id or self.company_id.currency_id
        return f"{amount:,.{currency.decimal_places}f} {currency.name}"

    # ------------------------------------------------------------------
    def action_create_quotation(self):
        """The chosen model (the recommended one unless the button says
        which) as a quotation to the customer."""
        self.ensure_one()
        choice = self.env.context.get("advisor_choice") or self.recommended
        lines = []
        if choice in ("first_line", "first_line_maintenance"):
            lines.append(
                {
                    "product_id": self.env.ref(
                        "cloudworkz_support_contract.product_first_line_user"
                    ).id,
                    "product_uom_qty": self._user_quantity(),
                }
            )
        if choice in ("maintenance", "first_line_maintenance"):
            lines.append(
                {
                    "product_id": self.env.ref(
                        "cloudworkz_support_contract.product_maintenance_block"
                    ).id,
                    "product_uom_qty": self._block_quantity(),
                    "support_code_lines": self.code_lines,
                }
            )
        if choice == "pack":
            if not self.pack_product_id:
                raise UserError(_("No prepaid pack product is for sale."))
            lines.append({"product_id": self.pack_product_id.id, "product_uom_qty": 1})
        if choice == "on_demand":
            lines.append(
                {
                    "display_type": "line_note",
                    "name": _(
                        "On Demand support, charged per request at %(price)s per hour.",
                        price=self._format(self.hour_price),
                    ),
                }
            )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.partner_id.id,
                "company_id": self.company_id.id,
                "pricelist_id": self.pricelist_id.id,
                "order_line": [Command.create(vals) for vals in lines],
            }
        )
        # the form's product onchanges set the quantity to the product's
        # default; the advisor's counts win
        for line, vals in zip(order.order_line, lines, strict=True):
            if "product_uom_qty" in vals:
                line.product_uom_qty = vals["product_uom_qty"]
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": order.id,
            "view_mode": "form",
            "target": "current",
        }
