from . import test_support_queue
