# Copyright 2026 After-Sales Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    'name': 'After-Sales Service',
    'summary': 'Service desk, field visits, inspections and customer portal of a technical service department',
    'version': '11.0.1.0.0',
    'category': 'Services/After-Sales',
    'website': 'https://example.com/aftersales',
    'author': 'After-Sales Suite Authors',
    'license': 'LGPL-3',
    'application': True,
    'installable': True,
    'depends': [
        'mail',
        'portal',
        'maintenance',
        'product',
        'resource',
    ],
    'data': [
        'security/aftersales_service_security.xml',
        'security/ir.model.access.csv',
        'security/aftersales_service_rules.xml',
        'data/aftersales_service_data.xml',
        'data/mail_template_data.xml',
        'data/mail_shortcode_data.xml',
        'wizards/aftersales_ticket_escalate_views.xml',
        'views/aftersales_service_menus.xml',
    ],
    'demo': [
        'demo/res_users_demo.xml',
    ],
}
