"""safetynet: suggested referral plans for Thailand's case managers.

The package is laid out one concept per module; ``docs/architecture.md`` walks through it.
"""

__version__ = "0.1.0"
