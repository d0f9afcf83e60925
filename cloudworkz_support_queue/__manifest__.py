# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Cloudworkz Support Agreements: Job Queue",
    "summary": "Monthly support invoicing as queue_job jobs, shared by workers",
    "version": "17.0.1.1.0",
    "category": "Services/Helpdesk",
    "website": "https://www.cloudworkz.example.com",
    "author": "Cloudworkz",
    "license": "AGPL-3",
    "depends": ["cloudworkz_support_contract", "queue_job"],
    "data": ["data/queue_job_data.xml"],
}
