"""Stand-in package for rescale-apptainer's example build context."""

__version__ = "1.0.0"
