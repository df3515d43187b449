"""The simulation model: SimPy processes for demand, people, teams, flow and costs.

Time is in hours from the scenario start (a Monday 00:00); money in USD. This package never
imports pandas, click or matplotlib: it produces plain records that ``itsim.results`` tabulates.
"""
