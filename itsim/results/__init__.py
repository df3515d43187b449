"""Results: tidy tables from model records, KPIs, and confidence intervals across replications."""
