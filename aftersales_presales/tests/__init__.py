from . import test_presales_flow
from . import test_presales_reports
