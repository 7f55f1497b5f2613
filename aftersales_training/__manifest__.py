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
    'data': [],
    'demo': [],
}
