// <sc-chart>: one Chart.js chart (bars and lines over categories) with its numbers as a table beside it, for screen
// readers and for anyone who wants the figures: the canvas is an image described by the caption, the table under
// "Show the numbers" holds every value. Chart.js ships only in the Reports bundle (analytics.js).
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { base } from './styles.js';

Chart.register(
  BarController,
  LineController,
  CategoryScale,
  LinearScale,
  BarElement,
  LineElement,
  PointElement,
  Tooltip,
  Legend,
);

export interface ChartSeries {
  label: string;
  data: (number | null)[];
  color: string;
  /** Drawn as bars (default for a bar chart) or as a line. */
  type?: 'bar' | 'line';
}

export class ScChart extends LitElement {
  static override properties = {
    caption: {},
    kind: {},
    labels: { attribute: false },
    series: { attribute: false },
    format: { attribute: false },
    stacked: { type: Boolean },
    rowLabel: { attribute: 'row-label' },
    durations: { type: Boolean },
  };
  /** Values are seconds: the axis counts in seconds, minutes or hours (whichever the largest value needs). */
  durations = false;
  /** What the table's rows are (its first column's header). */
  rowLabel = 'Day';
  caption = '';
  kind: 'bar' | 'line' = 'bar';
  labels: string[] = [];
  series: ChartSeries[] = [];
  /** How a value reads, on the axis, in tooltips and in the table. */
  format: (v: number) => string = (v) => String(v);
  stacked = false;
  private chart?: Chart;

  static override styles = [
    base,
    css`
    :host { display: block; }
    figure { margin: 0; display: grid; gap: 6px; }
    figcaption { font-weight: 600; font-size: 13px; }
    .canvas { position: relative; height: 220px; }
    details summary { cursor: pointer; color: var(--accent); font-size: 12.5px; width: max-content; }
    .table { overflow-x: auto; max-height: 260px; overflow-y: auto; }
    table { border-collapse: collapse; font-size: 12.5px; margin-top: 6px; }
    th, td { padding: 3px 10px 3px 0; text-align: right; border-bottom: 1px solid var(--line); white-space: nowrap; }
    th:first-child, td:first-child { text-align: left; }
    th { color: var(--muted); font-weight: 600; }
  `,
  ];

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.chart?.destroy();
    this.chart = undefined;
  }

  protected override updated(changed: PropertyValues<this>) {
    if (!changed.has('labels') && !changed.has('series') && !changed.has('kind')) return;
    const canvas = this.renderRoot.querySelector('canvas');
    if (!canvas) return;
    this.chart?.destroy();
    const format = this.format;
    const max = Math.max(0, ...this.series.flatMap((x) => x.data.map((v) => v ?? 0)));
    const [div, unit] = !this.durations ? [1, ''] : max >= 7200 ? [3600, ' h'] : max >= 120 ? [60, ' min'] : [1, ' s'];
    const axis = (v: number) => (this.durations ? `${Math.round(v * 10) / 10}${unit}` : format(v));
    // Axis text and grid in the theme's colours (read when drawn: a theme change shows on the next draw).
    const style = getComputedStyle(this);
    const ink = style.getPropertyValue('--muted').trim() || '#475569';
    const grid = style.getPropertyValue('--line').trim() || '#e2e8f0';
    const config: ChartConfiguration = {
      type: this.kind,
      data: {
        labels: this.labels,
        datasets: this.series.map((s) => ({
          type: s.type ?? this.kind,
          label: s.label,
          data: s.data.map((v) => (v === null ? null : v / div)),
          backgroundColor: s.color,
          borderColor: s.color,
          borderWidth: s.type === 'line' || this.kind === 'line' ? 2 : 0,
          pointRadius: this.labels.length > 45 ? 0 : 2,
          spanGaps: true,
        })) as never,
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        color: ink,
        // Reports are read, not watched: no animation (and nothing moves for those who asked for less motion).
        animation: false,
        interaction: { mode: 'index', intersect: false },
        plugins: {
          legend: { display: this.series.length > 1, labels: { boxWidth: 12 } },
          tooltip: {
            callbacks: { label: (c) => `${c.dataset.label}: ${c.parsed.y === null ? '—' : format(c.parsed.y)}` },
          },
        },
        scales: {
          x: {
            stacked: this.stacked,
            grid: { display: false },
            ticks: { maxRotation: 0, autoSkipPadding: 12, color: ink },
          },
          y: {
            stacked: this.stacked,
            beginAtZero: true,
            grid: { color: grid },
            ticks: { callback: (v) => axis(Number(v)), color: ink },
          },
        },
      },
    };
    this.chart = new Chart(canvas, config);
  }

  override render() {
    return html`<figure>
      <figcaption id="cap">${this.caption}</figcaption>
      <div class="canvas"><canvas role="img" aria-labelledby="cap"></canvas></div>
      <details>
        <summary>Show the numbers</summary>
        <div class="table">
          <table>
            <caption class="sr-only">${this.caption}</caption>
            <thead><tr><th scope="col">${this.rowLabel}</th>${this.series.map((s) => html`<th scope="col">${s.label}</th>`)}</tr></thead>
            <tbody>${this.labels.map(
              (l, i) =>
                html`<tr><th scope="row">${l}</th>${this.series.map((s) => {
                  const v = s.data[i];
                  return html`<td>${v === null || v === undefined ? '—' : this.format(v)}</td>`;
                })}</tr>`,
            )}</tbody>
          </table>
        </div>
      </details>
      ${this.labels.length === 0 ? html`<p class="empty">No data in this range.</p>` : nothing}
    </figure>`;
  }
}

if (!customElements.get('sc-chart')) customElements.define('sc-chart', ScChart);
