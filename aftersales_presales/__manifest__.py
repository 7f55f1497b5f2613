# Copyright 2026 After-Sales Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    'name': 'After-Sales Pre-sales Support',
    'summary': 'Pre-sales technical support on CRM opportunities: decision, '
               'interviews, use cases, solution and hand-over',
    'version': '11.0.1.0.0',
    'category': 'Services/After-Sales',
    'website': 'https://example.com/aftersales',
    'author': 'After-Sales Suite Authors',
    'license': 'LGPL-3',
    'application': False,
    'installable': True,
    'depends': [
        'crm',
        'aftersales_service',
    ],
    'data': [
        'security/ir.model.access.csv',
        'security/aftersales_presales_rules.xml',
        'data/aftersales_presales_data.xml',
        'views/aftersales_presales_request_views.xml',
        'views/aftersales_presales_interview_views.xml',
        'views/crm_lead_views.xml',
        'views/aftersales_presales_menus.xml',
        'report/aftersales_presales_reports.xml',
        'report/aftersales_presales_templates.xml',
    ],
    'demo': [
        'demo/aftersales_presales_demo.xml',
    ],
}
