"""``itsim erlang``: analytic M/M/c (Erlang C) and M/M/c+M (Erlang A) metrics and staffing."""

from __future__ import annotations

import click

from itsim.analysis import erlang as queueing
from itsim.analysis import erlang_a

POSITIVE = click.FloatRange(min=0.0, min_open=True)
NON_NEGATIVE = click.FloatRange(min=0.0)


def _table(title: str, rows: list[tuple[str, str]]) -> None:
    """Print ``rows`` as two aligned columns under ``title``."""
    click.echo(title)
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        click.echo(f"  {name:<{width}}  {value:>10}")


def _percent(share: float) -> str:
    return f"{100.0 * share:.1f}%"


def _metric_rows(
    result: queueing.ErlangCResult | erlang_a.ErlangAResult, within_hours: float | None
) -> list[tuple[str, str]]:
    rows = [
        ("utilisation", _percent(result.utilisation)),
        ("P(wait)", _percent(result.p_wait)),
    ]
    if isinstance(result, erlang_a.ErlangAResult):
        rows.append(("P(abandon)", _percent(result.p_abandon)))
    rows += [
        ("mean wait (h)", f"{result.mean_wait_hours:.4f}"),
        ("mean queue length", f"{result.mean_queue_length:.3f}"),
        ("mean in system", f"{result.mean_in_system:.3f}"),
    ]
    if result.service_level is not None:
        rows.append((f"answered within {within_hours:g} h", _percent(result.service_level)))
    if isinstance(result, erlang_a.ErlangAResult) and result.p_wait_within is not None:
        rows.append((f"P(wait <= {within_hours:g} h)", _percent(result.p_wait_within)))
    return rows


def _staffing(
    arrivals_per_hour: float, service_hours: float, target_sla: float, within_hours: float
) -> None:
    needed = queueing.agents_for_service_level(
        arrivals_per_hour, service_hours, target_sla, within_hours
    )
    beta = queueing.halfin_whitt_beta(arrivals_per_hour, service_hours, target_sla, within_hours)
    estimate = queueing.sqrt_staffing(arrivals_per_hour, service_hours, beta)
    load = arrivals_per_hour * service_hours
    _table(
        f"staffing for {_percent(target_sla)} answered within {within_hours:g} h "
        f"(load {load:g} Erlangs)",
        [
            ("agents needed (Erlang C, exact)", str(needed)),
            (f"square-root staffing (beta {beta:.3f})", str(estimate)),
        ],
    )


@click.command()
@click.option("--arrivals-per-hour", type=POSITIVE, required=True, help="Poisson arrival rate.")
@click.option("--service-hours", type=POSITIVE, required=True, help="Mean handling time (h).")
@click.option("--agents", type=click.IntRange(min=1), help="Number of agents (servers).")
@click.option("--within-hours", type=NON_NEGATIVE, help="Target wait for the service level (h).")
@click.option("--patience-hours", type=POSITIVE, help="Mean patience (h): Erlang A.")
@click.option(
    "--target-sla",
    type=click.FloatRange(0.0, 1.0, min_open=True, max_open=True),
    help="Target share answered within --within-hours: print the agents needed.",
)
def erlang(
    arrivals_per_hour: float,
    service_hours: float,
    agents: int | None,
    within_hours: float | None,
    patience_hours: float | None,
    target_sla: float | None,
) -> None:
    """Analytic queueing: M/M/c (Erlang C), or M/M/c+M (Erlang A) with --patience-hours.

    Give --agents for the metrics, or --target-sla with --within-hours for the agents needed.
    """
    if target_sla is not None:
        if agents is not None or patience_hours is not None:
            raise click.UsageError("--target-sla cannot be combined with --agents/--patience-hours")
        if within_hours is None:
            raise click.UsageError("--target-sla needs --within-hours")
        _staffing(arrivals_per_hour, service_hours, target_sla, within_hours)
        return
    if agents is None:
        raise click.UsageError("give --agents (metrics) or --target-sla (staffing)")
    load = arrivals_per_hour * service_hours
    try:
        if patience_hours is None:
            result: queueing.ErlangCResult | erlang_a.ErlangAResult = queueing.erlang_c_metrics(
                arrivals_per_hour, service_hours, agents, within_hours
            )
            title = f"M/M/{agents} (Erlang C), load {load:g} Erlangs"
        else:
            result = erlang_a.erlang_a_metrics(
                arrivals_per_hour, service_hours, agents, patience_hours, within_hours
            )
            title = f"M/M/{agents}+M (Erlang A), load {load:g} Erlangs"
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    _table(title, _metric_rows(result, within_hours))
