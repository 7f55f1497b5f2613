# Copyright 2026 After-Sales Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    'name': 'After-Sales Spare Parts',
    'summary': 'Spare-part stock rules, requisitions, consumption on visits and defective returns',
    'version': '11.0.1.0.0',
    'category': 'Services/After-Sales',
    'website': 'https://example.com/aftersales',
    'author': 'After-Sales Suite Authors',
    'license': 'LGPL-3',
    'application': False,
    'installable': True,
    'depends': [
        'aftersales_service',
        'stock',
        'purchase',
    ],
    'data': [
        'views/aftersales_inventory_menus.xml',
    ],
    'demo': [],
}
