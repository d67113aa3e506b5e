"""Reading exercise pages: segmentation, shape detection, field extraction, vocabulary mapping.

Pure parsing, standard library only; fetching and HTML extraction live in the service layer.
"""

from trainwise.domain.ingest.extract import (
    ExtractedDocument,
    ExtractedExercise,
    detect_shape,
    extract,
)

__all__ = ["ExtractedDocument", "ExtractedExercise", "detect_shape", "extract"]
