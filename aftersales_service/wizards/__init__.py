from . import aftersales_ticket_escalate
