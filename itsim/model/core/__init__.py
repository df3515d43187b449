"""The core department: calendar, demand, tickets, projects, teams and their people, the ticket
flow and its routing rule, pauses, monitors and the cost ledger. Imports no wing."""
