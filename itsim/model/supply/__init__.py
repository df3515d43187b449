"""The supply wing: stock, suppliers, licences, the device fleet and the tickets they add.

Imports the core only.
"""
