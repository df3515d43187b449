"""The operating-models wing: an MSP and its billing, leadership and its levers.

Imports the core only.
"""
