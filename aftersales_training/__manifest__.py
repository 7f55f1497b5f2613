# Copyright 2026 After-Sales Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    'name': 'After-Sales Training',
    'summary': 'Training plans, sessions, attendance, evaluations and certificates',
    'version': '11.0.1.0.0',
    'category': 'Services/After-Sales',
    'website': 'https://example.com/aftersales',
    'author': 'After-Sales Suite Authors',
    'license': 'LGPL-3',
    'application': False,
    'installable': True,
    'depends': [
        'aftersales_service',
    ],
    'external_dependencies': {
        'python': ['vobject'],
    },
    'data': [
        'security/aftersales_training_security.xml',
        'security/ir.model.access.csv',
        'data/aftersales_training_data.xml',
        'data/mail_template_data.xml',
        'data/aftersales_training_analysis_data.xml',
        'views/aftersales_training_session_views.xml',
        'views/aftersales_training_plan_views.xml',
        'views/aftersales_training_attendance_views.xml',
        'views/aftersales_training_knowledge_views.xml',
        'views/aftersales_training_analysis_views.xml',
        'views/maintenance_equipment_views.xml',
        'views/aftersales_ticket_views.xml',
        'views/aftersales_visit_views.xml',
        'views/product_template_views.xml',
        'views/res_config_settings_views.xml',
        'views/aftersales_training_menus.xml',
        'report/aftersales_training_reports.xml',
        'report/aftersales_training_session_templates.xml',
        'report/aftersales_training_attendance_templates.xml',
        'views/aftersales_training_portal_templates.xml',
    ],
    'demo': [
        'demo/aftersales_training_demo.xml',
    ],
}
