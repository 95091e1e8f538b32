import type { IdleMemoryResult } from './idle-memory-measurement.js';
import type { LatencySummary } from './latency-statistics.js';

/** The latency target: fan-out p99 at most this much above the raw round trip's p99. */
export const LATENCY_MARGIN_MS = 10;
/** The memory target: an API socket costs at most this many times a bare `ws` socket. */
export const MEMORY_RATIO_LIMIT = 3;

/** Bytes per socket of one server, by the two ways of counting memory. */
export interface SocketCost {
  rss: number;
  heap: number;
}

interface Row {
  target: string;
  measured: string;
  baseline: string;
  limit: string;
  pass: boolean;
}

export function printLatency(label: string, summary: LatencySummary): void {
  const values = [summary.minMs, summary.p50Ms, summary.p99Ms, summary.maxMs].map(ms);
  const [min, p50, p99, max] = values.map((value) => value.padStart(9));
  console.log(`  ${label.padEnd(44)} ${min} ${p50} ${p99} ${max}  n=${summary.count}`);
}

export function printLatencyHeader(): void {
  const columns = ['min', 'p50', 'p99', 'max'].map((column) => column.padStart(9)).join(' ');
  console.log(`  ${''.padEnd(44)} ${columns}`);
}

/** Bytes per socket: the growth between the two samples divided by the sockets held. */
export function socketCost(result: IdleMemoryResult): SocketCost {
  const { before, after, sockets } = result;

  return {
    rss: (after.rss - before.rss) / sockets,
    heap: (after.heapUsed + after.external - before.heapUsed - before.external) / sockets,
  };
}

export function printMemory(result: IdleMemoryResult): void {
  const { before, after } = result;
  const cost = socketCost(result);
  console.log(`  ${result.label}: ${result.sockets.toLocaleString('en')} sockets`);
  console.log(`    opened and confirmed in ${seconds(result.openMs)}`);
  console.log(`    rss                 ${mib(before.rss)} -> ${mib(after.rss)}`);
  console.log(`    heapUsed            ${mib(before.heapUsed)} -> ${mib(after.heapUsed)}`);
  console.log(`    external            ${mib(before.external)} -> ${mib(after.external)}`);
  console.log(`    per socket: rss ${bytes(cost.rss)}, heapUsed+external ${bytes(cost.heap)}`);
}

/** Every figure the closing table compares. */
export interface BenchFigures {
  raw: LatencySummary;
  /** A bare `ws` relay's fan-out to as many sockets: the floor, shown beside the target. */
  bareFanOut: LatencySummary;
  fanOut: LatencySummary;
  /** API deliveries that never arrived. */
  missing: number;
  bare: SocketCost;
  api: SocketCost;
}

/** The closing table: each target, what was measured, its baseline and the verdict. */
export function printSummary(figures: BenchFigures): boolean {
  const { raw, bareFanOut, fanOut, missing, bare, api } = figures;
  const rows = [
    latencyRow(raw, fanOut, missing),
    memoryRow('2. idle socket rss', api.rss, bare.rss),
    memoryRow('2. idle socket heapUsed+external', api.heap, bare.heap),
  ];
  const widths = columnWidths(rows);
  console.log('\nSummary');
  printRow(['target', 'measured', 'baseline', 'limit', 'result'], widths);
  for (const row of rows) {
    printRow([row.target, row.measured, row.baseline, row.limit, verdict(row.pass)], widths);
  }
  const overFloor = fanOut.p99Ms - bareFanOut.p99Ms;
  console.log(
    `\n  Floor of target 1 on this machine: a bare ws relay to as many sockets has p99 ` +
      `${ms(bareFanOut.p99Ms)} (+${ms(bareFanOut.p99Ms - raw.p99Ms)} over raw ioredis); ` +
      `the API's p99 is ${ms(Math.abs(overFloor))} ${overFloor >= 0 ? 'above' : 'below'} it.`,
  );

  return rows.every((row) => row.pass);
}

function latencyRow(raw: LatencySummary, fanOut: LatencySummary, missing: number): Row {
  const limit = raw.p99Ms + LATENCY_MARGIN_MS;
  const lost = missing === 0 ? '' : `, ${missing} not delivered`;

  return {
    target: '1. p99 delivery to 1,000 subscribers',
    measured: `${ms(fanOut.p99Ms)} (+${ms(fanOut.p99Ms - raw.p99Ms)})${lost}`,
    baseline: `raw ioredis p99 ${ms(raw.p99Ms)}`,
    limit: `<= ${ms(limit)}`,
    pass: missing === 0 && fanOut.p99Ms <= limit,
  };
}

function memoryRow(target: string, api: number, bare: number): Row {
  const ratio = api / bare;

  return {
    target,
    measured: `${bytes(api)} (${ratio.toFixed(2)}x)`,
    baseline: `bare ws ${bytes(bare)}`,
    limit: `<= ${bytes(bare * MEMORY_RATIO_LIMIT)} (${MEMORY_RATIO_LIMIT}x)`,
    pass: ratio <= MEMORY_RATIO_LIMIT,
  };
}

function columnWidths(rows: Row[]): number[] {
  const cells = rows.map((row) => [row.target, row.measured, row.baseline, row.limit]);

  return [0, 1, 2, 3].map((column) =>
    Math.max(10, ...cells.map((row) => row[column]?.length ?? 0)),
  );
}

function printRow(cells: string[], widths: number[]): void {
  console.log(`  ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ')}`);
}

function verdict(pass: boolean): string {
  return pass ? 'PASS' : 'MISS';
}

function ms(value: number): string {
  return `${value.toFixed(2)} ms`;
}

function bytes(value: number): string {
  return `${Math.round(value).toLocaleString('en')} B`;
}

function mib(value: number): string {
  return `${(value / 1024 / 1024).toFixed(1).padStart(7)} MiB`;
}

function seconds(milliseconds: number): string {
  return `${(milliseconds / 1000).toFixed(1)} s`;
}
