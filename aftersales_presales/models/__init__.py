from . import aftersales_presales_request
from . import aftersales_presales_interview
from . import aftersales_presales_process
from . import aftersales_presales_use_case
from . import aftersales_presales_solution
from . import aftersales_presales_handover
from . import crm_lead
