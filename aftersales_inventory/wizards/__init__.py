from . import aftersales_inventory_setup
from . import aftersales_stock_rule_wizard
from . import aftersales_stock_rule_wizard_line
from . import aftersales_kpi_workbook
