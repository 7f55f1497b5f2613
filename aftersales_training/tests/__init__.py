from . import test_training_flow
from . import test_invitation
from . import test_commissioning
from . import test_knowledge_matrix
from . import test_certification_warning
from . import test_access
from . import test_training_reports
from . import test_portal
