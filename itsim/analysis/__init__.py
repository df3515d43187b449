"""Analysis of simulation output: analytic queueing benchmarks, plots and reports."""
