namespace BanditServe.Api.Dashboard.Page;

public static partial class DashboardPage
{
    /// <summary>The page styles.</summary>
    public const string Styles = """
:root {
  --ink: #1d2733; --muted: #5b6b7c; --line: #d8dee6; --paper: #f6f8fa; --card: #ffffff;
  --accent: #2563eb; --accent-light: #93b4f5; --good: #15803d; --warn: #b45309; --bad: #b91c1c;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--paper);
}
body { margin: 0; }
header { display: flex; align-items: center; gap: 1rem; padding: .6rem 1.5rem; background: var(--ink); color: #fff; }
header h1 { font-size: 1.1rem; margin: 0; flex: 1; }
header h1 a { color: #fff; text-decoration: none; }
header h1 span { font-weight: normal; color: #b8c4d2; }
#status { font-size: .85rem; color: #b8c4d2; }
#status.error { color: #fecaca; }
main, #login { max-width: 1100px; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
body.signed-out main, body.signed-out #sign-out { display: none; }
body:not(.signed-out) #login { display: none; }
#login-form { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 1.5rem; max-width: 28rem; }
#login-form input { width: 100%; box-sizing: border-box; padding: .5rem; margin: .5rem 0; font: inherit; }
#login-message { color: var(--bad); }
button { font: inherit; padding: .35rem .9rem; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
header button { background: transparent; border-color: #7b8ba0; }
h2 { margin: 1rem 0 .5rem; }
h3 { margin: 1.6rem 0 .4rem; font-size: 1rem; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: .2rem 1rem 1rem; margin: 1rem 0; }
.crumbs { font-size: .9rem; color: var(--muted); }
.meta, .hint { color: var(--muted); font-size: .85rem; }
.empty { color: var(--muted); font-style: italic; }
.warning { color: var(--warn); font-weight: bold; margin-left: .5rem; }
table { border-collapse: collapse; width: 100%; background: var(--card); font-size: .9rem; }
th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid var(--line); vertical-align: middle; }
th { color: var(--muted); font-weight: 600; font-size: .8rem; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: .6rem; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: .6rem .8rem; }
.card .label { display: block; color: var(--muted); font-size: .75rem; }
.card .value { display: block; font-size: 1.25rem; font-variant-numeric: tabular-nums; margin-top: .2rem; }
.inline-form { display: flex; flex-wrap: wrap; gap: .6rem; align-items: center; margin: .6rem 0; font-size: .9rem; }
.inline-form input[type=text] { font: inherit; padding: .3rem; }
svg.chart { width: 100%; height: auto; display: block; }
svg#schedule-grid { width: auto; max-width: 100%; }
svg text { font-size: 12px; fill: var(--ink); }
svg text.axis, svg text.value { fill: var(--muted); }
svg text.axis.current { fill: var(--accent); font-weight: bold; }
.grid { stroke: var(--line); }
.zero { stroke: var(--muted); }
.line { fill: none; stroke-width: 2; }
.series-rewards { stroke: var(--good); fill: var(--good); }
.series-decisions { stroke: var(--accent); fill: var(--accent); }
.series-mean { stroke: var(--warn); fill: var(--warn); }
.series-exploration { stroke: #7c3aed; fill: #7c3aed; }
path.line { fill: none; }
.bar { fill: var(--accent); }
.bar.bonus { fill: var(--accent-light); }
.whisker, .ci { stroke: var(--ink); stroke-width: 1.5; }
.point { fill: var(--ink); }
.logged { stroke: var(--warn); stroke-dasharray: 4 3; }
.gauge .track { fill: var(--line); }
.gauge .actual { fill: var(--accent); }
.gauge .configured { stroke: var(--bad); stroke-width: 2; }
.gauge-text { font-size: .8rem; color: var(--muted); margin-left: .4rem; }
rect.featured { fill: var(--accent); }
rect.idle { fill: var(--paper); stroke: var(--line); }
figure.evaluation { margin: .8rem 0; }
#candidate-ranking tr.placed td { font-weight: 600; background: #eef3fd; }
#candidate-ranking tr.explored td.explored { color: #7c3aed; }
.inline-form input[type=number] { font: inherit; padding: .3rem; width: 6rem; }
figcaption { font-size: .85rem; color: var(--muted); }
""";
}
