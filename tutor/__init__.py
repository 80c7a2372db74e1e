"""An offline-first AI tutor for Amazon SageMaker's role in the ML lifecycle."""

from tutor.exceptions import TutorError
from tutor.settings import Settings, get_settings

__all__ = ["Settings", "TutorError", "get_settings"]
__version__ = "0.1.0"
