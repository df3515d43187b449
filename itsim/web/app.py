"""The itsim web app (run it with ``itsim web``): the explore page and the teaching lab."""

from __future__ import annotations

import streamlit as st

from itsim.web import session
from itsim.web.explore import explore_page
from itsim.web.lab import lab_page

PAGES = {"Explore": explore_page, "Lab": lab_page}


def main() -> None:
    """Draw the page the sidebar selects."""
    st.set_page_config(page_title="itsim", layout="wide")
    page = st.sidebar.radio("Page", list(PAGES), key="page")
    settings = session.sidebar_settings()
    PAGES[str(page)](settings)


main()
