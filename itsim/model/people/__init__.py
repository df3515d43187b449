"""The people wing: rosters, energy and burnout, absences, attrition, hiring and on-call.

Imports the core only; what it needs from another wing it declares as a protocol.
"""
