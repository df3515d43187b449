"""What each scenario key means, for docs/gen_reference.py (keys with placeholders like <team>).

A schema field with a pydantic ``description`` needs no entry here; the description wins.
"""

#: Meaning of each key (dotted, with placeholders), with its units.
MEANINGS = {
    "name": "Scenario name; labels every output row and the default output folder.",
    "description": "Free text for people; not used by the model.",
    "horizon_days": "Simulated days, starting on `calendar.start_date` at 00:00.",
    "warmup_days": "Initial days left out of every KPI (must be less than `horizon_days`).",
    "replications": "Independent replications `itsim run` makes (`--reps` overrides).",
    "seed": "Experiment seed; replication r of every arm uses the pair (seed, r).",
    "company": "The business the department serves.",
    "company.employees": "Employees supported; scales `per_employee_per_month` rates.",
    "company.growth_per_year": "Yearly growth of ticket arrival rates (0.05 = +5% a year), "
    "compounded continuously over the run.",
    "calendar": "Business days, hours and holidays.",
    "calendar.start_date": "Date of clock hour 0 (must be a Monday).",
    "calendar.business_days": "Days the desk is open (`mon` … `sun`).",
    "calendar.business_hours": 'Opening and closing time, `"HH:MM"` (`"24:00"` allowed).',
    "calendar.holidays": "Closed dates (YYYY-MM-DD): no business hours, and arrivals follow "
    "the Saturday profile.",
    "sla": "Targets per class; all of P1, P2, P3, P4 and REQ are required.",
    "sla.<class>": "Response and resolution targets of one ticket class.",
    "sla.<class>.respond_hours": "Hours from arrival to the first start of work.",
    "sla.<class>.resolve_hours": "Hours from arrival to final resolution.",
    "sla.<class>.clock": "`business`: only open hours count; `24x7`: every hour counts.",
    "demand": "Everything that arrives: incidents, service requests, projects.",
    "demand.incidents": "Incident arrivals (a non-homogeneous Poisson process).",
    "demand.incidents.per_employee_per_month": "Incidents per employee per month "
    "(give this or `per_hour`).",
    "demand.incidents.per_hour": "Incidents per hour, independent of headcount "
    "(give this or `per_employee_per_month`).",
    "demand.incidents.week_profile": "Hour-of-week shape: `office`, `flat`, or 168 weights "
    "from Monday 00:00 (normalised to mean 1).",
    "demand.incidents.priority_mix": "Share of incidents per priority; sums to 1.",
    "demand.incidents.categories": "Share of incidents per category; sums to 1. The category "
    "picks the tier-2 team through `flow.routing`.",
    "demand.requests": "Service-request arrivals (a non-homogeneous Poisson process).",
    "demand.requests.per_employee_per_month": "Requests per employee per month "
    "(give this or `per_hour`).",
    "demand.requests.per_hour": "Requests per hour (give this or `per_employee_per_month`).",
    "demand.requests.week_profile": "Hour-of-week shape, as for incidents.",
    "demand.requests.catalog": "Catalog items; their shares sum to 1.",
    "demand.requests.catalog.<item>": "One catalog item.",
    "demand.requests.catalog.<item>.share": "Share of requests for this item.",
    "demand.requests.catalog.<item>.fulfil_team": "Team that fulfils the item after the "
    "desk touch; null: the desk completes it.",
    "demand.requests.catalog.<item>.fulfil_hours": "Fulfilment effort at `fulfil_team` "
    "(standard hours); give with `fulfil_team`.",
    "demand.requests.catalog.<item>.fulfil_hours.dist": "Distribution family.",
    "demand.requests.catalog.<item>.fulfil_hours.mean": "Mean, hours.",
    "demand.requests.catalog.<item>.fulfil_hours.cv": "Coefficient of variation (sd / mean).",
    "demand.projects": "Projects from the business-analyst pipeline.",
    "demand.projects.per_month": "Project arrivals per month (homogeneous Poisson); "
    "0 turns projects off.",
    "demand.projects.effort_hours": "Total effort of a project, standard hours.",
    "demand.projects.effort_hours.dist": "Distribution family.",
    "demand.projects.effort_hours.mean": "Mean, hours.",
    "demand.projects.effort_hours.cv": "Coefficient of variation.",
    "demand.projects.task_hours": "Target size of one task, hours; a team's share of a "
    "project is cut into ceil(hours / task_hours) equal tasks.",
    "demand.projects.max_parallel_tasks": "Tasks of one project in team queues at once.",
    "demand.projects.teams": "Share of each project's effort done by each team; sums to 1.",
    "demand.projects.value_per_week_usd": "Value a delivered project returns each week, USD.",
    "demand.projects.value_per_week_usd.dist": "Distribution family.",
    "demand.projects.value_per_week_usd.mean": "Mean, USD per week.",
    "demand.projects.value_per_week_usd.cv": "Coefficient of variation.",
    "demand.projects.wip_limit": "Most projects active at once; null: no limit.",
    "roles": "Job roles by name.",
    "roles.<role>": "One role.",
    "roles.<role>.salary_usd": "Base salary, USD per year, before loading.",
    "loading_factor": "Employer cost ÷ wage (benefits and payroll taxes); loaded annual "
    "cost = salary × loading_factor.",
    "teams": "Teams by name.",
    "teams.<team>": "One team: people who pull from one shared queue.",
    "teams.<team>.role": "Role (a key of `roles`): sets each member's cost.",
    "teams.<team>.headcount": "People in the team.",
    "teams.<team>.shift": "`business`: work only in open hours; `24x7`: always on shift.",
    "teams.<team>.productivity": "Standard effort hours done per hour worked (1 = nominal).",
    "teams.<team>.pulls_work": "false: on the payroll but takes no work (analysts, managers).",
    "teams.<team>.handle_hours": "Effort per kind of work, standard hours. Keys: `incident`, "
    "`request` (desk), `escalation` (tier 2), optionally per class, e.g. `escalation.P1`.",
    "teams.<team>.handle_hours.<work>": "Effort distribution of that work at this team.",
    "teams.<team>.handle_hours.<work>.dist": "Distribution family.",
    "teams.<team>.handle_hours.<work>.mean": "Mean, hours.",
    "teams.<team>.handle_hours.<work>.cv": "Coefficient of variation.",
    "flow": "How tickets move between teams, and dispatch rules.",
    "flow.holding": "Holding delay per stage (`desk`, `desk_escalated`, `tier2`) and priority: "
    "a timer after the stage's work that occupies no one (see itsim/model/core/holding.py).",
    "flow.pickup": "Pick-up delay per stage and priority: a timer before the stage's queue that "
    "occupies no one.",
    "flow.delay_classes": "Named kinds of ticket handling, each with its own delays (and "
    "optionally effort); each incident draws one at arrival. Empty: one class.",
    "flow.delay_classes.<key>": "One delay class.",
    "flow.delay_classes.<key>.share": "The class's share of each priority's incidents.",
    "flow.delay_classes.<key>.share_escalated": "The share for incidents that will be "
    "escalated (default: `share`).",
    "flow.delay_classes.<key>.share_paused": "The share for incidents that will pause and not "
    "be escalated (default: `share`).",
    "flow.delay_classes.<key>.share_escalated_paused": "The share for incidents that will be "
    "escalated and pause (default: `share_escalated`, else `share`).",
    "flow.delay_classes.<key>.by_arrival": "Share tables for incidents arriving in the office "
    "`morning` (first half of the business day), `afternoon` (second half) or `after_hours` "
    "(nights, weekends, holidays); a priority they list takes precedence over the class's own "
    "tables. Empty: the same shares at every hour.",
    "flow.delay_classes.<key>.by_arrival.<key>": "The class's shares for incidents "
    "arriving in that part of the day.",
    "flow.delay_classes.<key>.by_arrival.<key>.share": "The class's share of each "
    "priority's incidents arriving then.",
    "flow.delay_classes.<key>.by_arrival.<key>.share_escalated": "The same, for incidents "
    "that will be escalated (default: `share`).",
    "flow.delay_classes.<key>.by_arrival.<key>.share_paused": "The same, for incidents "
    "that will pause and not be escalated (default: `share`).",
    "flow.delay_classes.<key>.by_arrival.<key>.share_escalated_paused": "The same, for "
    "incidents that will be escalated and pause (default: `share_escalated`, else `share`).",
    "flow.delay_classes.<key>.holding": "The class's holding delays, replacing `flow.holding`.",
    "flow.delay_classes.<key>.pickup": "The class's pick-up delays, replacing `flow.pickup`.",
    "flow.delay_classes.<key>.handle_hours": "The class's own effort for its incidents, "
    "replacing the teams' at the same quantile of each ticket's effort uniform. Keys: "
    "`incident` (first line), `escalation` (tier 2), optionally per priority, e.g. "
    "`escalation.P3`; work without a key keeps the team's handle time.",
    "flow.delay_classes.<key>.handle_hours.<work>": "Effort distribution of that work for "
    "the class's incidents.",
    "flow.delay_classes.<key>.handle_hours.<work>.dist": "Distribution family.",
    "flow.delay_classes.<key>.handle_hours.<work>.mean": "Mean, hours.",
    "flow.delay_classes.<key>.handle_hours.<work>.cv": "Coefficient of variation.",
    "flow.desk": "The tier-1 team every ticket reaches first.",
    "flow.first_contact_resolution": "Probability that the desk resolves an incident itself.",
    "flow.routing": "Incident category → tier-2 team. Every category needs a team unless "
    "first_contact_resolution is 1.",
    "flow.handoff_hours": "Delay between the desk finishing and the next team's queue, "
    "clock hours.",
    "flow.reopen_probability": "Probability that a resolved incident reopens (at most once).",
    "flow.reopen_delay_hours": "Clock hours from resolution to the reopened ticket "
    "re-entering a queue.",
    "flow.reopen_effort_fraction": "Reopen effort as a fraction of the last stage's effort.",
    "flow.dispatch": "`priority`: class order then arrival; `edf`: earliest resolve deadline.",
    "flow.preempt_p1": "A P1 reaching a team with nobody idle interrupts the least urgent "
    "job in progress.",
    "people.shifts.<key>.days": "Weekdays a `team` or `staggered` roster runs, independent of "
    "`calendar.business_days` (which drive the SLA clocks); null: the business days. Each person "
    "works `days_on_per_week` of them, days off staggered by person.",
    "people.shifts.<key>.work_holidays": "With `days`: whether the roster also runs on "
    "`calendar.holidays`.",
    "people.on_call.<key>.standby_usd_per_week": "Flat standby allowance per week of the rota "
    "(USD), accrued daily while someone is on call.",
    "people.on_call.<key>.standby_fraction_of_hourly": "Standby allowance per hour on call outside "
    "the person's shift, as a fraction of their hourly loaded cost (not with "
    "`standby_usd_per_week`).",
}
