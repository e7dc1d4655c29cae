//! The grading page: a team × period table of final scores, the trend of
//! the average, and every graded period with its objectives.

use super::charts;
use super::views::{GradedObjective, GradedPeriod, GradingRow, GradingView, Link, Score};
use super::{period_path, relative, Context};
use crate::period::Period;

impl Context<'_> {
    /// Periods that have ended on the as-of date, oldest first.
    pub fn graded_periods(&self) -> Vec<Period> {
        let fiscal = self.handbook.config.fiscal_year;
        self.periods
            .iter()
            .copied()
            .filter(|p| p.end(fiscal) <= self.options.as_of)
            .collect()
    }

    pub(super) fn is_graded(&self, period: Period) -> bool {
        period.end(self.handbook.config.fiscal_year) <= self.options.as_of
    }

    /// The grading page: a team × period table, the trend of the average, and every graded period.
    pub fn grading(&self) -> GradingView {
        let path = "grading.html";
        let graded = self.graded_periods();
        let mut rows = Vec::new();
        for team in self.team_order() {
            let cells: Vec<Option<Score>> = graded
                .iter()
                .map(|period| {
                    let indexes: Vec<usize> = self.handbook.links.team_objectives[team]
                        .iter()
                        .copied()
                        .filter(|&i| self.handbook.objectives[i].period == *period)
                        .collect();
                    self.average(&indexes)
                })
                .collect();
            if cells.iter().any(Option::is_some) {
                rows.push(GradingRow {
                    team: self.team_link(path, team),
                    cells,
                });
            }
        }
        let mut periods_view = Vec::new();
        let mut averages = Vec::new();
        for period in graded.iter().rev() {
            let mut objectives: Vec<usize> = self
                .published()
                .filter(|(o, _)| o.period == *period)
                .map(|(_, i)| i)
                .collect();
            objectives.sort_by(|&a, &b| {
                let level = |i: usize| self.handbook.level(i);
                // Then the authors' order, which is the objectives' order.
                level(a).cmp(&level(b)).then_with(|| a.cmp(&b))
            });
            let average = self.average(&objectives);
            averages.push((period.to_string(), average.as_ref().map(|a| a.value)));
            periods_view.push(GradedPeriod {
                period: Link {
                    label: period.to_string(),
                    href: relative(path, &period_path(*period)),
                    current: false,
                },
                average,
                objectives: objectives
                    .into_iter()
                    .map(|i| {
                        let o = &self.handbook.objectives[i];
                        GradedObjective {
                            card: self.card(path, i),
                            learned: o.grade.as_ref().and_then(|g| g.learned.clone()),
                            next: o.grade.as_ref().and_then(|g| g.next).map(|n| n.as_str()),
                        }
                    })
                    .collect(),
            });
        }
        averages.reverse();
        let periods: Vec<String> = averages.iter().map(|a| a.0.clone()).collect();
        let values: Vec<Option<f64>> = averages.iter().map(|a| a.1).collect();
        GradingView {
            layout: self.layout(path, "Grading history", "grading"),
            columns: graded.iter().map(|p| p.to_string()).collect(),
            rows,
            trend: charts::history(
                "Average final score per period",
                &periods,
                &[("all objectives", values)],
                "trend-chart",
            ),
            periods: periods_view,
        }
    }
}
