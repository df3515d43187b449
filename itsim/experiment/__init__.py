"""Experiments: replications, comparisons and sweeps, run through one executor interface."""
