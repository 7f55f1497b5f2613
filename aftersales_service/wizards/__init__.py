from . import aftersales_ticket_escalate
from . import aftersales_visit_sign
from . import aftersales_weekly_plan
from . import report_aftersales_weekly_plan
from . import aftersales_xlsx_export
from . import aftersales_kpi_workbook
