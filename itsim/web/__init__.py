"""The itsim web app (``itsim web``, extra ``itsim[web]``): Streamlit pages over the Python API.

The app reads :mod:`itsim.api` only; the pure pieces (levers, presets, the result cache, KPI
cards, chart data) are plain functions that the tests exercise without a browser.
"""
